package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.uepoll.channel.internal.IoRing;
import io.uepoll.channel.internal.LinuxConstants;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * Multishot ring receives into the loop's provided-buffer ring: one receive armed per reading channel
 * delivers every arrival of bytes without a syscall or an SQE of its own, and a waiting channel holds
 * no buffer. An arrival is copied out into buffers of the channel's {@code RecvByteBufAllocator} (one
 * {@code channelRead} per buffer, within the handle's budget, as the direct loop reads) while its
 * completion is handled, and its ring buffer goes back at once.
 *
 * <p>Bytes the pipeline does not want now (auto-read off, the budget spent in the middle of an
 * arrival) are kept, in order, for the next {@code read()} or pass. Auto-read turned off stops the
 * receive lazily: the next arrival is kept and the receive cancelled. A receive ended by an empty
 * buffer ring (-ENOBUFS), a cancel or a full completion queue is re-armed while the channel wants
 * bytes: the bytes wait in the socket.
 */
final class MultishotStreamReader extends AbstractRingReader implements IoRing.Receiver {
    /** A multishot receive is in a ring, until its last completion. */
    private boolean armed;
    private boolean cancelAsked;
    private boolean closed;
    /** Bytes nobody asked for yet, in order (buffers we own); then possibly the end of the stream. */
    private final ArrayDeque<ByteBuf> kept = new ArrayDeque<>(2);
    private boolean endKept;
    private int endRes;
    /**
     * Bytes are going up now (loop thread): a read() from inside channelRead must not hand over what is
     * kept behind them; the delivery in progress goes on with it.
     */
    private boolean delivering;

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
        if (delivering || !wantsRead()) {
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

    /**
     * Delivers what was kept while the pipeline wants it; false when nothing more may be read now
     * (bytes still kept, the channel closed, or its input ended).
     */
    private boolean handOverKept() {
        while (true) {
            ByteBuf next;
            synchronized (this) {
                if (closed) {
                    return false;
                }
                next = kept.poll();
                if (next == null) {
                    break;
                }
            }
            if (!deliver(next, true, false)) {
                endPassIfDelivered();
                return false;
            }
        }
        endPassIfDelivered();
        boolean end;
        int res;
        synchronized (this) {
            end = endKept;
            res = endRes;
            endKept = false;
        }
        if (end && channel.isOpen()) {
            deliverEnd(res);
            return false;
        }
        return channel.isOpen();
    }

    /** Runs on the ring's loop; the bytes are copied out of the ring's view before it returns. */
    @Override
    public void received(ByteBuf bytes, int res, boolean moreData, boolean last) {
        EventLoop loop = channel.eventLoop();
        ByteBuf src = res > 0 && isOpen() ? bytes : null;
        if (loop.inEventLoop()) {
            onLoop(src, false, res, moreData, last);
            return;
        }
        // The channel moved loops while the receive was armed: its pipeline runs there now, on a copy.
        ByteBuf copied = src == null ? null : channel.config().getAllocator().ioBuffer(res).writeBytes(src);
        try {
            loop.execute(() -> onLoop(copied, true, res, moreData, last));
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

    /** {@code src}: the arrival's bytes ({@code owned}: a buffer of ours, else a view of ring memory). */
    private void onLoop(ByteBuf src, boolean owned, int res, boolean moreData, boolean last) {
        boolean wasClosed;
        synchronized (this) {
            if (last) {
                armed = false;
                cancelAsked = false;
            }
            wasClosed = closed;
        }
        if (wasClosed || !channel.isOpen()) {
            if (src != null && owned) {
                src.release(); // nothing reaches a closed channel
            }
            return;
        }
        if (res == -LinuxConstants.ENOBUFS || res == -LinuxConstants.ECANCELED || res == -LinuxConstants.EAGAIN) {
            // The receive ended with nothing read: the buffers ran dry, auto-read stopped it, the fd left a
            // ring, or the kernel gave up waiting. The bytes wait in the socket; no edge will say so: arm
            // again if bytes are wanted.
            endPassIfDelivered();
            readOn();
            return;
        }
        if (hasKept() || !passDelivered() && !wantsRead()) {
            keep(src, owned, res, false); // behind what is kept already: bytes never pass each other
            UepollRegistration registration = channel.uepollRegistration();
            if (wantsRead() && registration != null && registration.carriesReceives()) {
                read(registration); // asked for again meanwhile: hand it all over, in order
            } else if (!last) {
                cancel();
            }
            return;
        }
        if (res > 0) {
            deliver(src, owned, moreData && !last);
            if (last) {
                readOn();
            }
            return;
        }
        deliverEnd(res);
    }

    /**
     * Delivers {@code src} in allocator-sized reads while the pass (or a new one) wants them; what is
     * left is kept, and read again later if the pipeline still wants it. Returns whether all of it went.
     */
    private boolean deliver(ByteBuf src, boolean owned, boolean moreData) {
        boolean outer = !delivering;
        delivering = true;
        try {
            deliverChunks(src, moreData);
        } finally {
            delivering = !outer;
        }
        if (!src.isReadable() || !channel.isOpen()) {
            if (owned) {
                src.release();
            }
            return true;
        }
        keep(src, owned, src.readableBytes(), true);
        if (wantsRead()) {
            unsafe().scheduleReadAgain(); // a later pass, as the direct loop does when its budget ran out
        }
        return false;
    }

    private void deliverChunks(ByteBuf src, boolean moreData) {
        UepollRecvHandle handle = unsafe().recvBufAllocHandle();
        ByteBufAllocator allocator = channel.config().getAllocator();
        while (src.isReadable() && channel.isOpen() && (passDelivered() || wantsRead())) {
            openPass();
            ByteBuf chunk = handle.allocate(allocator);
            if (!chunk.isWritable()) {
                chunk.release();
                chunk = allocator.ioBuffer(src.readableBytes());
            }
            int n = Math.min(chunk.writableBytes(), src.readableBytes());
            handle.attemptedBytesRead(chunk.writableBytes());
            chunk.writeBytes(src, n);
            if (!deliverBytes(chunk, n, src.isReadable() || moreData) && src.isReadable()) {
                return; // the pass ended in the middle: the rest is the next pass's
            }
        }
    }

    private synchronized boolean hasKept() {
        return !kept.isEmpty() || endKept;
    }

    /**
     * Keeps bytes ({@code res > 0}; a view of ring memory is copied) or the end of the stream: new
     * arrivals at the tail, the rest of a delivery cut short at the head, where it came from.
     */
    private void keep(ByteBuf src, boolean owned, int res, boolean atHead) {
        ByteBuf buf = res > 0 && !owned ? channel.config().getAllocator().ioBuffer(res).writeBytes(src) : src;
        synchronized (this) {
            if (res <= 0) {
                endKept = true;
                endRes = res;
            } else if (atHead) {
                kept.addFirst(buf);
            } else {
                kept.addLast(buf);
            }
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
        if (registration != null && registration.carriesReceives()) {
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
