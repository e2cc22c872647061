package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.Buffer;
import io.uepoll.channel.internal.IoRing;
import io.uepoll.channel.internal.LinuxConstants;

import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;

/**
 * One-shot ring receives: while the channel wants bytes, one receive into an allocator buffer waits
 * in the loop's ring; its completion fires the bytes and queues the next receive, which rides the
 * loop's next enter. Used where the ring has no provided buffers. The kernel owns the buffer until
 * the completion; a close releases it then.
 *
 * <p>A completion that arrives when nobody wants bytes (auto-read turned off while the receive was in
 * flight) is kept and handed over by the next {@code read()}. Bytes never pass each other: a new
 * receive is queued only after the previous one completed, on whatever loop the channel is on then.
 */
final class RingStreamReader extends AbstractRingReader implements IoRing.Completion {
    private ByteBuf buffer;
    private boolean inFlight;
    private boolean closed;
    /** A completion nobody asked for yet, and its result. */
    private ByteBuf kept;
    private int keptRes;
    private boolean keptMore;

    RingStreamReader(AbstractUepollStreamChannel channel) {
        super(channel);
    }

    @Override
    synchronized boolean inFlight() {
        return inFlight;
    }

    @Override
    synchronized boolean idle() {
        return !inFlight && kept == null;
    }

    /** A one-shot receive works on every ring that carries I/O. */
    @Override
    boolean fits(UepollRegistration registration) {
        return true;
    }

    @Override
    void read(UepollRegistration registration) {
        ByteBuf keptBuffer;
        synchronized (this) {
            if (inFlight || closed) {
                return;
            }
            keptBuffer = kept;
            kept = null;
        }
        if (keptBuffer != null) {
            deliver(keptBuffer, keptRes, keptMore); // the kept completion starts this read()'s pass
            return;
        }
        if (wantsRead()) {
            submit(registration);
        }
    }

    /**
     * Queues the next receive of the current pass (a new pass if none is open), unless one is in flight
     * already: a read() from inside channelRead may have queued it.
     */
    private void submit(UepollRegistration registration) {
        synchronized (this) {
            if (inFlight || closed || !channel.isActive()) {
                return;
            }
        }
        ChannelConfig config = channel.config();
        UepollRecvHandle handle = unsafe().recvBufAllocHandle();
        openPass();
        ByteBuf buf = handle.allocate(config.getAllocator());
        if (!buf.isDirect()) {
            buf.release(); // the kernel writes into it: it must be native memory
            buf = config.getAllocator().directBuffer(handle.guess());
        }
        int writable = buf.writableBytes();
        handle.attemptedBytesRead(writable);
        long address = buf.hasMemoryAddress() ? buf.memoryAddress() + buf.writerIndex() : nioAddress(buf, writable);
        synchronized (this) {
            buffer = buf;
            inFlight = true;
        }
        try {
            registration.recv(address, writable, this);
        } catch (Throwable t) {
            synchronized (this) {
                buffer = null;
                inFlight = false;
            }
            buf.release();
            queueFailed(t);
        }
    }

    private static long nioAddress(ByteBuf buf, int writable) {
        ByteBuffer nio = buf.internalNioBuffer(buf.writerIndex(), writable);
        return Buffer.memoryAddress(nio) + nio.position();
    }

    /** Runs on the ring's loop once the kernel is done with the buffer. */
    @Override
    public void complete(int res, boolean moreData) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            received(res, moreData);
            return;
        }
        // The channel moved loops while the receive was in flight: its pipeline runs there now.
        try {
            loop.execute(() -> complete(res, moreData));
        } catch (RejectedExecutionException e) {
            ByteBuf buf;
            synchronized (this) {
                inFlight = false;
                buf = buffer;
                buffer = null;
            }
            buf.release();
        }
    }

    private void received(int res, boolean moreData) {
        ByteBuf buf;
        boolean wasClosed;
        synchronized (this) {
            inFlight = false;
            buf = buffer;
            buffer = null;
            wasClosed = closed;
        }
        if (wasClosed || !channel.isOpen()) {
            buf.release(); // no completion reaches a closed channel
            return;
        }
        if (res == -LinuxConstants.ECANCELED || res == -LinuxConstants.EAGAIN) {
            // Nothing was read: the fd left a ring (a move between loops), or the kernel gave up waiting.
            // Re-arm: no edge will say the bytes are still there.
            buf.release();
            endPassIfDelivered();
            readOn();
            return;
        }
        if (!passDelivered() && !wantsRead()) {
            // Only before a pass delivered: one that did goes on to its end, as the direct loop does.
            synchronized (this) {
                kept = buf;
                keptRes = res;
                keptMore = moreData;
            }
            return;
        }
        deliver(buf, res, moreData);
    }

    private void deliver(ByteBuf buf, int res, boolean moreData) {
        if (res > 0) {
            buf.writerIndex(buf.writerIndex() + res);
            if (deliverBytes(buf, res, moreData)) {
                submit(channel.uepollRegistration()); // the pass goes on (deliverBytes checked it carries I/O)
            } else {
                readOn();
            }
            return;
        }
        buf.release();
        deliverEnd(res);
    }

    @Override
    void channelClosed() {
        ByteBuf keptBuffer;
        synchronized (this) {
            closed = true;
            keptBuffer = kept;
            kept = null;
        }
        if (keptBuffer != null) {
            keptBuffer.release();
        }
    }
}
