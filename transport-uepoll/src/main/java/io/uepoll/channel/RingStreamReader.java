package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.Buffer;
import io.netty.channel.unix.Errors;
import io.uepoll.channel.internal.IoRing;
import io.uepoll.channel.internal.LinuxConstants;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;

/**
 * A stream channel's reads on data path {@link UepollDataPath#RING}: while the channel wants bytes,
 * one receive into an allocator buffer waits in the loop's ring; its completion fires the bytes and
 * queues the next receive, which rides the loop's next enter. No readiness event and no syscall per
 * read. The kernel owns the buffer until the completion; a close releases it then.
 *
 * <p>A completion that arrives when nobody wants bytes (auto-read turned off while the receive was in
 * flight) is kept and handed over by the next {@code read()}. Bytes never pass each other: a new
 * receive is queued only after the previous one completed, on whatever loop the channel is on then.
 */
final class RingStreamReader implements IoRing.Completion {
    private final AbstractUepollStreamChannel channel;
    private ByteBuf buffer;
    private boolean inFlight;
    private boolean closed;
    /** A completion nobody asked for yet, and its result. */
    private ByteBuf kept;
    private int keptRes;
    private boolean keptMore;
    /** A read pass is open: the handle was reset and readComplete is still owed. */
    private boolean passOpen;
    /**
     * The open pass fired bytes already. A pass opens when its first receive is queued, and that one
     * may wait in the kernel for as long as the peer is quiet: only once bytes went up does the pass
     * go on to its end regardless of auto-read.
     */
    private boolean passDelivered;

    RingStreamReader(AbstractUepollStreamChannel channel) {
        this.channel = channel;
    }

    synchronized boolean inFlight() {
        return inFlight;
    }

    private AbstractUepollChannel.AbstractUepollUnsafe unsafe() {
        return (AbstractUepollChannel.AbstractUepollUnsafe) channel.unsafe();
    }

    /** Whether the pipeline wants bytes now: a read() pending, auto-read, or the peer's FIN to reach. */
    private boolean wantsRead(ChannelConfig config) {
        AbstractUepollChannel.AbstractUepollUnsafe unsafe = unsafe();
        return !channel.shouldBreakReadReady(config)
                && (unsafe.readPending || config.isAutoRead() || unsafe.recvBufAllocHandle().isReceivedRdHup());
    }

    /** The channel wants bytes: hand over a kept completion, or make sure a receive is in flight. Loop thread. */
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
            openPass(); // the kept completion starts this read()'s pass, with a fresh budget
            deliver(keptBuffer, keptRes, keptMore);
            return;
        }
        if (wantsRead(channel.config())) {
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
            channel.pipeline().fireExceptionCaught(t);
            unsafe().close(unsafe().voidPromise());
        }
    }

    /** Resets the handle's budget when no pass is open; a pass that is open keeps counting. */
    private void openPass() {
        if (!passOpen) {
            unsafe().recvBufAllocHandle().reset(channel.config());
            passOpen = true;
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
            if (passDelivered) {
                // Bytes of this pass went up already: they get their readComplete now, not never.
                endPass(unsafe().recvBufAllocHandle(), channel.pipeline());
            }
            readOn();
            return;
        }
        if (!passDelivered && !wantsRead(channel.config())) {
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

    /**
     * One completion into the pipeline. Like the direct read loop, a pass goes on (the next receive,
     * no readComplete yet) while the socket holds more and the handle's budget allows.
     */
    private void deliver(ByteBuf buf, int res, boolean moreData) {
        AbstractUepollChannel.AbstractUepollUnsafe unsafe = unsafe();
        UepollRecvHandle handle = unsafe.recvBufAllocHandle();
        ChannelPipeline pipeline = channel.pipeline();
        if (res > 0) {
            buf.writerIndex(buf.writerIndex() + res);
            handle.lastBytesRead(res);
            handle.incMessagesRead(1);
            unsafe.readPending = false;
            passDelivered = true;
            pipeline.fireChannelRead(buf);
            UepollRegistration registration = channel.uepollRegistration();
            if (moreData && handle.continueReading() && registration != null && registration.carriesIo()
                    && channel.isActive() && !channel.shouldBreakReadReady(channel.config())) {
                submit(registration); // the pass goes on
                return;
            }
            endPass(handle, pipeline);
            readOn();
            return;
        }
        buf.release();
        handle.lastBytesRead(-1);
        unsafe.readPending = false;
        endPass(handle, pipeline);
        if (res < 0) {
            pipeline.fireExceptionCaught(readFailure(res));
        }
        unsafe.shutdownInput(true); // end of stream, or a failed socket: as the direct path does
    }

    private void endPass(UepollRecvHandle handle, ChannelPipeline pipeline) {
        passOpen = false;
        passDelivered = false;
        handle.readComplete();
        pipeline.fireChannelReadComplete();
    }

    private static IOException readFailure(int res) {
        try {
            Errors.ioResult("recv", res);
            return new IOException("recv failed: " + res);
        } catch (IOException e) {
            return e;
        }
    }

    /** After a completion: the next receive where the channel now reads through a ring, else a direct pass. */
    private void readOn() {
        UepollRegistration registration = channel.uepollRegistration();
        if (registration == null || !registration.isLive() || !channel.isActive()) {
            return; // the next registration's read() starts again (or the loop is shutting down)
        }
        if (registration.carriesIo()) {
            read(registration);
        } else if (wantsRead(channel.config())) {
            unsafe().scheduleReadAgain(); // moved to a direct loop: its read pass may run now
        }
    }

    /** The channel closed (any thread): a kept completion is released now, the one in flight when it completes. */
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
