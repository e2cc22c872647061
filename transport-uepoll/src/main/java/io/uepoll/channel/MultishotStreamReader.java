package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.Buffer;
import io.netty.util.internal.PlatformDependent;
import io.uepoll.channel.internal.IoRing;
import io.uepoll.channel.internal.LinuxConstants;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * Multishot ring receives into the loop's provided-buffer ring: one receive armed per reading channel
 * delivers every arrival of bytes without a syscall or an SQE of its own, and a waiting channel holds
 * no buffer. Each arrival is copied into an allocator buffer and its ring buffer goes back at once.
 *
 * <p>Auto-read turned off stops the receive lazily: the next arrival is kept (not lost) and the receive
 * is cancelled; whatever arrives until the cancel lands is kept too, and the next {@code read()} hands
 * it over, then arms again. A receive ended by an empty buffer ring (-ENOBUFS), a cancel or a full
 * completion queue is re-armed while the channel wants bytes: the bytes wait in the socket.
 */
final class MultishotStreamReader extends AbstractRingReader implements IoRing.Receiver {
    /** A multishot receive is in a ring, until its last completion. */
    private boolean armed;
    private boolean cancelAsked;
    private boolean closed;
    /** Arrivals nobody asked for yet, in order; then possibly the end of the stream. */
    private final ArrayDeque<ByteBuf> kept = new ArrayDeque<>(2);
    private boolean endKept;
    private int endRes;

    MultishotStreamReader(AbstractUepollStreamChannel channel) {
        super(channel);
    }

    @Override
    synchronized boolean inFlight() {
        return armed;
    }

    @Override
    synchronized boolean idle() {
        return !armed && kept.isEmpty() && !endKept;
    }

    @Override
    boolean fits(UepollRegistration registration) {
        return registration.providesBuffers();
    }

    @Override
    void read(UepollRegistration registration) {
        if (!wantsRead()) {
            return; // what is kept waits for the read() that asks
        }
        if (!handOverKept()) {
            return;
        }
        synchronized (this) {
            if (armed || closed) {
                return; // an armed receive goes on (or its last completion re-arms)
            }
        }
        if (!wantsRead() || !channel.isActive()) {
            return;
        }
        if (!fits(registration)) {
            channel.readThroughRing(registration); // idle now: the channel picks the reader this ring needs
            return;
        }
        arm(registration);
    }

    private void arm(UepollRegistration registration) {
        synchronized (this) {
            armed = true;
            cancelAsked = false;
        }
        try {
            registration.recvMultishot(this);
        } catch (Throwable t) {
            synchronized (this) {
                armed = false;
            }
            queueFailed(t);
        }
    }

    /** Delivers what was kept, as one pass; false when the channel is closed or its input ended. */
    private boolean handOverKept() {
        ByteBuf[] buffers;
        boolean end;
        int res;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (kept.isEmpty() && !endKept) {
                return true;
            }
            buffers = kept.toArray(new ByteBuf[0]);
            kept.clear();
            end = endKept;
            res = endRes;
            endKept = false;
        }
        for (int i = 0; i < buffers.length; i++) {
            if (!channel.isOpen()) {
                buffers[i].release(); // closed by a handler of an earlier buffer
                continue;
            }
            deliverBytes(buffers[i], buffers[i].readableBytes(), true);
        }
        endPassIfDelivered();
        if (end && channel.isOpen()) {
            deliverEnd(res);
            return false;
        }
        return channel.isOpen();
    }

    /** Runs on the ring's loop; the bytes at {@code address} are copied before it returns. */
    @Override
    public void received(long address, int res, boolean moreData, boolean last) {
        ByteBuf buf = null;
        Throwable copyFailed = null;
        if (res > 0 && isOpen()) {
            try {
                buf = copy(address, res);
            } catch (Throwable t) {
                copyFailed = t; // the bytes are gone: the stream cannot go on
            }
        }
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            onLoop(buf, copyFailed, res, moreData, last);
            return;
        }
        // The channel moved loops while the receive was armed: its pipeline runs there now.
        ByteBuf copied = buf;
        Throwable failure = copyFailed;
        try {
            loop.execute(() -> onLoop(copied, failure, res, moreData, last));
        } catch (RejectedExecutionException e) {
            if (copied != null) {
                copied.release();
            }
            if (last) {
                synchronized (this) {
                    armed = false;
                }
            }
        }
    }

    private synchronized boolean isOpen() {
        return !closed;
    }

    private ByteBuf copy(long address, int length) {
        ByteBuf buf = channel.config().getAllocator().ioBuffer(length);
        if (buf.hasMemoryAddress()) {
            PlatformDependent.copyMemory(address, buf.memoryAddress() + buf.writerIndex(), length);
            buf.writerIndex(buf.writerIndex() + length);
        } else {
            buf.writeBytes(Buffer.wrapMemoryAddressWithNativeOrder(address, length));
        }
        return buf;
    }

    private void onLoop(ByteBuf buf, Throwable copyFailed, int res, boolean moreData, boolean last) {
        boolean wasClosed;
        synchronized (this) {
            if (last) {
                armed = false;
                cancelAsked = false;
            }
            wasClosed = closed;
        }
        if (wasClosed || !channel.isOpen()) {
            if (buf != null) {
                buf.release(); // nothing reaches a closed channel
            }
            return;
        }
        if (copyFailed != null) {
            queueFailed(copyFailed);
            return;
        }
        if (res == -LinuxConstants.ENOBUFS || res == -LinuxConstants.ECANCELED) {
            // The receive ended with nothing read: the buffers ran dry, auto-read stopped it, or the fd left
            // a ring. The bytes wait in the socket; no edge will say so: arm again if bytes are wanted.
            endPassIfDelivered();
            readOn();
            return;
        }
        if (hasKept() || !passDelivered() && !wantsRead()) {
            keep(buf, res); // behind what is kept already: bytes never pass each other
            UepollRegistration registration = channel.uepollRegistration();
            if (wantsRead() && registration != null && registration.carriesIo()) {
                read(registration); // asked for again meanwhile: hand it all over, in order
            } else if (!last) {
                cancel();
            }
            return;
        }
        if (res > 0) {
            deliverBytes(buf, res, moreData && !last);
            if (last) {
                readOn();
            }
            return;
        }
        deliverEnd(res);
    }

    private synchronized boolean hasKept() {
        return !kept.isEmpty() || endKept;
    }

    private synchronized void keep(ByteBuf buf, int res) {
        if (res > 0) {
            kept.add(buf);
        } else {
            endKept = true;
            endRes = res;
        }
    }

    /** Auto-read went off: stop the receive; what arrives until the cancel lands is kept. */
    private void cancel() {
        synchronized (this) {
            if (cancelAsked) {
                return;
            }
            cancelAsked = true;
        }
        UepollRegistration registration = channel.uepollRegistration();
        if (registration != null && registration.carriesIo()) {
            try {
                registration.cancelRecvMultishot();
            } catch (Throwable t) {
                queueFailed(t);
            }
        }
    }

    @Override
    void channelClosed() {
        ByteBuf[] buffers;
        synchronized (this) {
            closed = true;
            buffers = kept.toArray(new ByteBuf[0]);
            kept.clear();
            endKept = false;
        }
        for (ByteBuf buf : buffers) {
            buf.release();
        }
    }
}
