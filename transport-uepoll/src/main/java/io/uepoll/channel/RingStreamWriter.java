package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.Buffer;
import io.netty.channel.unix.Errors;
import io.uepoll.channel.internal.LinuxConstants;
import io.uepoll.channel.internal.IoRing;
import io.uepoll.channel.internal.SendVector;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream channel's writes on data path {@link UepollDataPath#RING}: the flushed buffers at the
 * head of the outbound buffer leave as one send queued in the loop's ring, submitted with the loop's
 * next enter. One send in flight per channel; its buffers stay retained until its completion, so a
 * close in the middle frees nothing the kernel still reads, and they are released exactly once.
 * The completion removes what was sent and flushes again (the rest of a partial send, or what was
 * flushed meanwhile) on the channel's current loop, which after a move is not the ring's loop.
 */
final class RingStreamWriter implements IoRing.Completion {
    private final AbstractUepollStreamChannel channel;
    private final List<ByteBuf> retained = new ArrayList<>();
    private SendVector vector;
    private boolean inFlight;
    private boolean closed;
    /** A send failed with this negative errno; the next write throws it. */
    private int failure;
    private long maxBytes;
    /** Runs once the send in flight is accounted for (a shutdownOutput that must not overtake it). */
    private final List<Runnable> afterSend = new ArrayList<>(1);

    RingStreamWriter(AbstractUepollStreamChannel channel) {
        this.channel = channel;
    }

    synchronized boolean inFlight() {
        return inFlight;
    }

    /**
     * Queues one send of the flushed buffers at the head of {@code in}, as many as fit.
     *
     * @return false when nothing was queued because the head is not a buffer the ring can send (a
     *         FileRegion, or a buffer of more pieces than a send takes): write it directly. True when a
     *         send was queued or nothing is left to write.
     */
    boolean write(ChannelOutboundBuffer in, UepollRegistration registration, long maxBytesPerWrite) throws Exception {
        throwFailure();
        in.removeBytes(0); // drops empty buffers at the head
        if (in.isEmpty()) {
            return true;
        }
        if (vector == null) {
            vector = new SendVector();
        }
        vector.clear();
        maxBytes = Math.min(maxBytesPerWrite, Integer.MAX_VALUE);
        in.forEachFlushedMessage(this::gather);
        if (vector.count() == 0) {
            return false;
        }
        synchronized (this) {
            inFlight = true;
        }
        try {
            if (vector.count() == 1) {
                registration.send(vector.firstAddress(), (int) vector.bytes(), this);
            } else {
                registration.sendmsg(vector.msghdrAddress(), this);
            }
        } catch (Throwable t) {
            synchronized (this) {
                inFlight = false;
                releaseRetained();
            }
            throw t;
        }
        return true;
    }

    /** Adds one flushed message to the send; false stops the walk. Retains what it adds. */
    private boolean gather(Object msg) {
        if (!(msg instanceof ByteBuf)) {
            return false;
        }
        ByteBuf buf = (ByteBuf) msg;
        int readable = buf.readableBytes();
        if (readable == 0) {
            return true; // removeBytes drops it once the send before it has gone
        }
        if (vector.count() > 0 && vector.bytes() + readable > maxBytes) {
            return false;
        }
        if (buf.hasMemoryAddress()) {
            if (!vector.add(buf.memoryAddress() + buf.readerIndex(), readable)) {
                return false;
            }
        } else {
            ByteBuffer[] pieces = buf.nioBuffers(buf.readerIndex(), readable);
            if (vector.count() + pieces.length > SendVector.MAX_IOVECS) {
                return false;
            }
            for (ByteBuffer piece : pieces) {
                if (piece.hasRemaining()) {
                    vector.add(Buffer.memoryAddress(piece) + piece.position(), piece.remaining());
                }
            }
        }
        retained.add(buf.retain());
        return true;
    }

    private void throwFailure() throws Exception {
        int res = failure;
        if (res != 0) {
            failure = 0;
            Errors.ioResult("send", res);
        }
    }

    /** Runs on the ring's loop once the kernel is done with the send's memory. */
    @Override
    public void complete(int res, boolean moreData) {
        // The channel may have moved loops while the send was in flight: its outbound buffer lives there now.
        if (!LoopHop.handedOver(channel.eventLoop(), () -> complete(res, moreData), this::abandon)) {
            sent(res);
        }
    }

    /** The channel's loop is gone: nobody will account for the send; its memory goes. */
    private synchronized void abandon() {
        inFlight = false;
        releaseRetained();
        freeIfClosed();
    }

    /**
     * Runs {@code task} on the channel's loop once the send in flight is accounted for, before the rest
     * is flushed: a shutdownOutput right after a flush must not overtake the send it queued.
     */
    void runAfterSend(Runnable task) {
        afterSend.add(task);
    }

    private void sent(int res) {
        boolean wasClosed;
        synchronized (this) {
            releaseRetained();
            wasClosed = closed;
        }
        try {
            if (!wasClosed) {
                // Still in flight while the bytes are removed: a listener that writes and flushes from inside
                // removeBytes must not queue a send of a buffer whose sent part is not removed yet.
                account(res); // no completion reaches a closed channel
            }
        } finally {
            synchronized (this) {
                inFlight = false;
                freeIfClosed();
            }
        }
        runDeferred();
        if (!wasClosed) {
            channel.flushAfterRingSend();
        }
    }

    private void runDeferred() {
        while (!afterSend.isEmpty()) {
            afterSend.remove(0).run();
        }
    }

    private void account(int res) {
        if (res > 0) {
            ChannelOutboundBuffer in = channel.unsafe().outboundBuffer();
            if (in != null) {
                removeSent(in, res);
            }
        } else if (res < 0 && res != -LinuxConstants.ECANCELED && res != -LinuxConstants.EAGAIN) {
            failure = res; // the next write reports it (a canceled send sent nothing: it is simply retried)
        }
    }

    /**
     * {@link ChannelOutboundBuffer#removeBytes} one write at a time. A listener of a write the send
     * completed may close the channel, which fails every flushed write still queued; removeBytes, still
     * holding the rest of the sent count, then asserts that nothing was left to remove. In a direct
     * write flush0 catches that AssertionError (tests run with -ea); a ring completion runs outside
     * flush0, and the Error ended the event loop. Here removeBytes never holds more than one write.
     */
    private static void removeSent(ChannelOutboundBuffer in, long sent) {
        while (sent > 0 && in.current() instanceof ByteBuf) {
            long head = ((ByteBuf) in.current()).readableBytes();
            in.removeBytes(Math.min(head, sent)); // the whole head (its listeners run), or part of it
            sent -= head;
        }
    }

    /** The channel closed (any thread): the vector is freed now, or when the send in flight completes. */
    synchronized void channelClosed() {
        closed = true;
        if (!inFlight) {
            freeIfClosed();
        }
    }

    private void releaseRetained() {
        for (ByteBuf buf : retained) {
            buf.release();
        }
        retained.clear();
    }

    private void freeIfClosed() {
        if (closed && vector != null) {
            vector.release();
            vector = null;
        }
    }
}
