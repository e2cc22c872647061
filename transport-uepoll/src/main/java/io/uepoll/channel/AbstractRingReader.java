package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.unix.Errors;

import java.io.IOException;

/**
 * A stream channel's reads through its loop's ring (data path {@link UepollDataPath#RING}): what every
 * kind of ring receive shares. Completions go into the pipeline in read passes, as the direct read
 * loop's: up to the allocator's budget while the kernel says the socket holds more, then one
 * {@code channelReadComplete}. Subclasses say how a receive is queued and how its bytes arrive.
 */
abstract class AbstractRingReader {
    final AbstractUepollStreamChannel channel;
    /** A read pass is open: the handle was reset and readComplete is still owed. */
    private boolean passOpen;
    /**
     * The open pass fired bytes already. A pass may open when a receive is queued, and that one may
     * wait in the kernel for as long as the peer is quiet: only once bytes went up does the pass go on
     * to its end regardless of auto-read.
     */
    private boolean passDelivered;

    AbstractRingReader(AbstractUepollStreamChannel channel) {
        this.channel = channel;
    }

    /** The channel wants bytes: hand over what was kept, or make sure a receive waits. Loop thread. */
    abstract void read(UepollRegistration registration);

    /** A receive is out in a ring: its completion comes before any other read of this channel. */
    abstract boolean inFlight();

    /** Nothing in flight and nothing kept: the channel may replace this reader. */
    abstract boolean idle();

    /** Whether this reader's kind of receive works on the registration's ring. */
    abstract boolean fits(UepollRegistration registration);

    /** The channel closed (any thread): whatever is kept is released now, what is in flight when it completes. */
    abstract void channelClosed();

    final AbstractUepollChannel.AbstractUepollUnsafe unsafe() {
        return (AbstractUepollChannel.AbstractUepollUnsafe) channel.unsafe();
    }

    /** Whether the pipeline wants bytes now: a read() pending, auto-read, or the peer's FIN to reach. */
    final boolean wantsRead() {
        ChannelConfig config = channel.config();
        AbstractUepollChannel.AbstractUepollUnsafe unsafe = unsafe();
        return !channel.shouldBreakReadReady(config)
                && (unsafe.readPending || config.isAutoRead() || unsafe.recvBufAllocHandle().isReceivedRdHup());
    }

    /** Resets the handle's budget when no pass is open; a pass that is open keeps counting. */
    final void openPass() {
        if (!passOpen) {
            unsafe().recvBufAllocHandle().reset(channel.config());
            passOpen = true;
        }
    }

    final boolean passDelivered() {
        return passDelivered;
    }

    /**
     * One receive's bytes (already in {@code buf}) into the pipeline. Returns true when the pass goes
     * on: the socket holds more and the budget allows; else the pass ended here.
     */
    final boolean deliverBytes(ByteBuf buf, int res, boolean moreData) {
        AbstractUepollChannel.AbstractUepollUnsafe unsafe = unsafe();
        UepollRecvHandle handle = unsafe.recvBufAllocHandle();
        openPass();
        handle.lastBytesRead(res);
        handle.incMessagesRead(1);
        unsafe.readPending = false;
        passDelivered = true;
        channel.pipeline().fireChannelRead(buf);
        UepollRegistration registration = channel.uepollRegistration();
        if (moreData && handle.continueReading() && registration != null && registration.carriesReceives()
                && channel.isActive() && !channel.shouldBreakReadReady(channel.config())) {
            return true;
        }
        endPass();
        return false;
    }

    /** End of stream ({@code res == 0}) or a failed socket: as the direct path does. */
    final void deliverEnd(int res) {
        AbstractUepollChannel.AbstractUepollUnsafe unsafe = unsafe();
        openPass();
        unsafe.recvBufAllocHandle().lastBytesRead(-1);
        unsafe.readPending = false;
        endPass();
        if (res < 0) {
            channel.pipeline().fireExceptionCaught(readFailure(res));
        }
        unsafe.shutdownInput(true);
    }

    /** Bytes of this pass went up already: they get their readComplete now, not never. */
    final void endPassIfDelivered() {
        if (passDelivered) {
            endPass();
        }
    }

    final void endPass() {
        ChannelPipeline pipeline = channel.pipeline();
        passOpen = false;
        passDelivered = false;
        unsafe().recvBufAllocHandle().readComplete();
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

    /** A receive could not be queued: the channel cannot read any more. */
    final void queueFailed(Throwable cause) {
        channel.pipeline().fireExceptionCaught(cause);
        unsafe().close(unsafe().voidPromise());
    }

    /** After a completion: the next receive where the channel now reads through a ring, else a direct pass. */
    final void readOn() {
        UepollRegistration registration = channel.uepollRegistration();
        if (registration == null || !registration.isLive() || !channel.isActive()) {
            return; // the next registration's read() starts again (or the loop is shutting down)
        }
        if (registration.carriesReceives()) {
            channel.readThroughRing(registration);
        } else if (wantsRead()) {
            unsafe().scheduleReadAgain(); // moved to a direct loop: its read pass may run now
        }
    }
}
