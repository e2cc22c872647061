package io.uepoll.channel;

import io.netty.channel.unix.Errors;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.internal.IoRing;
import io.uepoll.channel.internal.LinuxConstants;


import java.io.IOException;

/**
 * A listening channel's accepts through its loop's ring (data path ring on IO_URING): one multishot
 * ACCEPT stays armed while the channel wants connections, and each connection it takes from the
 * backlog is queued here, in order, for the channel's read pass; the accept itself costs no syscall.
 * Auto-read off ends the accept lazily: connections accepted meanwhile wait here for the next read().
 * An error (EMFILE, ...) ends the accept too; the read pass throws it, pauses and arms again. Loop thread only.
 */
final class MultishotAcceptor implements IoRing.Acceptor {
    private static final InternalLogger LOGGER = InternalLoggerFactory.getInstance(MultishotAcceptor.class);

    private final AbstractUepollServerChannel channel;
    private int[] fds = new int[16];
    private int head;
    private int size;
    /** The error that ended the accept, for the next read pass to throw. */
    private IOException failure;
    private UepollRegistration armedOn;
    private boolean cancelAsked;
    private boolean closed;
    /** The kernel refused a multishot accept (before 5.19): the listener accepts with syscalls. */
    private boolean unsupported;

    MultishotAcceptor(AbstractUepollServerChannel channel) {
        this.channel = channel;
    }

    /** Arms the accept on the registration's ring unless one is armed or an error waits to be thrown. */
    void arm(UepollRegistration registration) throws IOException {
        if (armedOn != null || failure != null || closed || unsupported) {
            return;
        }
        registration.acceptMultishot(this);
        armedOn = registration;
        cancelAsked = false;
    }

    /** False once the kernel refused a multishot accept: accept4 after IN readiness then. */
    boolean isSupported() {
        return !unsupported;
    }

    /** True when a read pass has something to hand over: a connection, or the error that ended the accept. */
    boolean hasWork() {
        return size > 0 || failure != null;
    }

    /** The oldest accepted connection's fd, now the caller's; throws the error that ended the accept first. */
    int take() throws IOException {
        if (size == 0) {
            IOException e = failure;
            failure = null;
            throw e;
        }
        int fd = fds[head];
        head = (head + 1) % fds.length;
        size--;
        return fd;
    }

    /** Auto-read went off: ends the accept; what it takes until then waits for the next read(). */
    void stop() {
        if (armedOn != null && !cancelAsked && armedOn.isLive()) {
            cancelAsked = true;
            try {
                armedOn.cancelAcceptMultishot();
            } catch (IOException e) {
                LOGGER.debug("Cancelling a multishot accept failed; it ends with its listener", e);
            }
        }
    }

    @Override
    public void accepted(int res, boolean last) {
        // The listener may have moved loops while the accept was armed: the queue and the pipeline live there.
        if (LoopHop.handedOver(channel.eventLoop(), () -> accepted(res, last), () -> {
            if (res >= 0) {
                IoRing.Acceptor.closeAccepted(res); // that loop is gone: nobody will take the connection
            }
        })) {
            return;
        }
        if (last) {
            armedOn = null;
        }
        if (res >= 0) {
            if (closed) {
                IoRing.Acceptor.closeAccepted(res);
                return;
            }
            enqueue(res);
        } else if (res == -LinuxConstants.EINVAL) {
            unsupported = true;
        } else if (res != -LinuxConstants.ECANCELED && !closed) {
            failure = Errors.newIOException("accept (multishot)", res);
        }
        if (!closed) {
            channel.ringAccepted(last);
        }
    }

    /** The listener closed: connections nobody took are closed, and later ones as they come. */
    void channelClosed() {
        closed = true;
        failure = null;
        while (size > 0) {
            IoRing.Acceptor.closeAccepted(fds[head]);
            head = (head + 1) % fds.length;
            size--;
        }
    }

    private void enqueue(int fd) {
        if (size == fds.length) {
            int[] bigger = new int[fds.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = fds[(head + i) % fds.length];
            }
            fds = bigger;
            head = 0;
        }
        fds[(head + size) % fds.length] = fd;
        size++;
    }

    @Override
    public String toString() {
        return "MultishotAcceptor(" + size + " queued" + (armedOn != null ? ", armed" : "")
                + (failure != null ? ", failed" : "") + ")";
    }
}
