package io.uepoll.channel;

import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.internal.IoRing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

/** One handle's registration with a {@link UepollIoHandler}, identified in the ring by its token. */
final class UepollRegistration implements IoRegistration {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(UepollRegistration.class);

    private final UepollIoHandler handler;
    private final ThreadAwareExecutor executor;
    private final UepollIoHandle handle;
    private final long token;
    private final LoopScratch scratch;
    private final AtomicBoolean canceled = new AtomicBoolean();
    /** True once the fd is in the ring: the first submit adds it, later ones modify, cancel removes it. */
    private boolean added;

    UepollRegistration(UepollIoHandler handler, ThreadAwareExecutor executor, UepollIoHandle handle, long token,
                       LoopScratch scratch) {
        this.handler = handler;
        this.executor = executor;
        this.handle = handle;
        this.token = token;
        this.scratch = scratch;
    }

    UepollIoHandle handle() {
        return handle;
    }

    long token() {
        return token;
    }

    void handle(UepollIoOps ops) {
        handle.handle(this, ops);
    }

    /**
     * True when the loop's ring carries this handle's sends (data path ring; receives too where
     * {@link #carriesReceives}); loop thread only.
     */
    boolean carriesIo() {
        return handler.ioRing() != null && isLive();
    }

    /** Registered, and its loop's ring still open: work queued for it will run. */
    boolean isLive() {
        return isValid() && handler.isRingOpen();
    }

    /** Queues a send of this handle's fd through the ring; see {@link IoRing}. Loop thread only. */
    void send(long address, int length, IoRing.Completion completion) throws IOException {
        handler.ioRing().send(handle.fd().intValue(), token, address, length, completion);
    }

    /** Queues a sendmsg of this handle's fd through the ring; see {@link IoRing}. Loop thread only. */
    void sendmsg(long msghdr, IoRing.Completion completion) throws IOException {
        handler.ioRing().sendmsg(handle.fd().intValue(), token, msghdr, completion);
    }

    /** Queues a receive from this handle's fd through the ring; see {@link IoRing}. Loop thread only. */
    void recv(long address, int length, IoRing.Completion completion) throws IOException {
        handler.ioRing().recv(handle.fd().intValue(), token, address, length, completion);
    }

    /** True when the ring carries this handle's receives too, not only its sends. Loop thread only. */
    boolean carriesReceives() {
        return carriesIo() && handler.ioRing().carriesReceives();
    }

    /** True when the ring carries this handle's receives as multishot receives into provided buffers. */
    boolean providesBuffers() {
        return carriesReceives() && handler.ioRing().providesBuffers();
    }

    /** Arms a multishot receive of this handle's fd; see {@link IoRing#recvMultishot}. Loop thread only. */
    void recvMultishot(IoRing.Receiver receiver) throws IOException {
        handler.ioRing().recvMultishot(handle.fd().intValue(), token, receiver);
    }

    /** Asks this handle's multishot receive to end; see {@link IoRing#cancelRecvMultishot}. Loop thread only. */
    void cancelRecvMultishot() throws IOException {
        handler.ioRing().cancelRecvMultishot(token);
    }

    /** Arms a multishot accept on this handle's listening fd; see {@link IoRing#acceptMultishot}. Loop thread only. */
    void acceptMultishot(IoRing.Acceptor acceptor) throws IOException {
        handler.ioRing().acceptMultishot(handle.fd().intValue(), token, acceptor);
    }

    /** Queues a connect of this handle's fd to the sockaddr at {@code sockaddr}; see {@link IoRing#connect}. */
    void connect(long sockaddr, int length, IoRing.Completion completion) throws IOException {
        handler.ioRing().connect(handle.fd().intValue(), token, sockaddr, length, completion);
    }

    /** Asks this handle's multishot accept to end; see {@link IoRing#cancelAcceptMultishot}. Loop thread only. */
    void cancelAcceptMultishot() throws IOException {
        handler.ioRing().cancelAcceptMultishot(token);
    }

    /** The loop's {@link LoopScratch}. */
    LoopScratch scratch() {
        return scratch;
    }

    /** This registration itself: Netty's loop wraps registrations, and the wrapper passes this through. */
    @SuppressWarnings("unchecked")
    @Override
    public <T> T attachment() {
        return (T) this;
    }

    @Override
    public long submit(IoOps ops) {
        int interest = ((UepollIoOps) ops).value();
        if (!isValid()) {
            return -1;
        }
        if (!executor.isExecutorThread(Thread.currentThread())) {
            executor.execute(() -> submit(ops));
            return interest;
        }
        try {
            if (added) {
                handler.modify(this, interest);
            } else {
                handler.add(this, interest);
                added = true;
            }
            return interest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loop thread only, as the cancel that reads them. */
    private boolean closeThroughRing;
    private boolean closedByRing;

    @Override
    public boolean isValid() {
        return !canceled.get();
    }

    @Override
    public boolean cancel() {
        if (!canceled.compareAndSet(false, true)) {
            return false;
        }
        if (executor.isExecutorThread(Thread.currentThread())) {
            cancel0();
        } else {
            executor.execute(this::cancel0);
        }
        return true;
    }

    private void cancel0() {
        handler.unregister(this);
        if (added) {
            added = false;
            closedByRing = handler.removeFromRing(this, closeThroughRing);
        }
        handle.unregistered();
    }

    /**
     * The next cancel, on the loop, lets the ring close the fd behind its requests' cancels where it can
     * ({@link io.uepoll.channel.internal.ReadinessRing#removeAndClose}); {@link #closedByRing} tells. Loop thread only.
     */
    void closeThroughRingOnCancel() {
        closeThroughRing = true;
    }

    /** True when the cancel handed the fd's close to the ring: its owner must not close(2) it. */
    boolean closedByRing() {
        return closedByRing;
    }

    /** Used when the loop shuts down: cancel, then close the handle. */
    void close() {
        try {
            cancel();
        } catch (Exception e) {
            logger.debug("Exception while canceling {}", this, e);
        }
        try {
            handle.close();
        } catch (Exception e) {
            logger.debug("Exception while closing {}", handle, e);
        }
    }

    @Override
    public String toString() {
        return "UepollRegistration(token " + token + ", " + handle.fd() + ')';
    }
}
