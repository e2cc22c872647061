package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.unix.Buffer;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.IovArray;
import io.netty.channel.unix.Limits;
import io.netty.channel.unix.PreferredDirectByteBufAllocator;
import io.netty.channel.unix.Socket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.UncheckedBooleanSupplier;
import io.uepoll.channel.internal.MmsgArray;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The read and write loops of every datagram channel (UDP and Unix datagram), written once over an
 * {@link MmsgArray}: reads fill up to 64 datagrams per recvmmsg (one per receive buffer, or one per
 * {@code MAX_DATAGRAM_PAYLOAD_SIZE} slot of it) until EAGAIN or the read budget; writes send up to
 * {@code DATAGRAM_SEND_BATCH} flushed datagrams per sendmmsg until EAGAIN (then OUT is armed) or the
 * write budget. A datagram the kernel refuses fails only its own write; the channel carries on.
 */
abstract class AbstractUepollDatagramChannel extends AbstractUepollChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(true, 16);
    /** Most datagrams per syscall; recvmmsg and sendmmsg take any count, this bounds the scratch memory. */
    static final int MAX_BATCH = LoopScratch.MAX_BATCH;

    private final BatchFiller batchFiller = new BatchFiller();
    volatile boolean connected;

    AbstractUepollDatagramChannel(Socket socket, SocketAddressing addressing, boolean active) {
        super(null, socket, addressing, active, UepollIoOps.NONE);
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    public boolean isConnected() {
        return connected;
    }

    @Override
    public boolean isActive() {
        return socket.isOpen() && (isActiveOnOpen() && isRegistered() || active);
    }

    /** Every datagram channel's config extends the datagram config base, which holds the three options below. */
    private AbstractUepollDatagramChannelConfig<?> datagramConfig() {
        return (AbstractUepollDatagramChannelConfig<?>) config();
    }

    /** DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION. */
    final boolean isActiveOnOpen() {
        return datagramConfig().getActiveOnOpen();
    }

    /** MAX_DATAGRAM_PAYLOAD_SIZE: 0 reads one datagram per buffer. */
    final int maxDatagramPayloadSize() {
        return datagramConfig().getMaxDatagramPayloadSize();
    }

    /** DATAGRAM_SEND_BATCH: datagrams per sendmmsg. */
    final int sendBatchSize() {
        return datagramConfig().getSendBatch();
    }

    /**
     * Adds one flushed message to the batch: its bytes to {@code iov}, its slot to {@code array}.
     * Returns false when either is full (the message goes into the next batch).
     *
     * @throws RuntimeException when this message can never be sent (no recipient on an unconnected channel)
     */
    abstract boolean addToBatch(Object msg, MmsgArray array, IovArray iov);

    /** Wraps the {@code length} bytes slot {@code slot} received (owned by the callee) and adds them to {@code out}. */
    abstract void addReceived(MmsgArray array, int slot, ByteBuf data, List<Object> out);

    /** The exception the pipeline or a write promise sees for a failed sendmmsg or recvmmsg. */
    IOException translate(Errors.NativeIoException e) {
        if (e.expectedErr() == Errors.ERROR_ECONNREFUSED_NEGATIVE) {
            PortUnreachableException unreachable = new PortUnreachableException(e.getMessage());
            unreachable.initCause(e);
            return unreachable;
        }
        return e;
    }

    /** A bound datagram socket can receive, so it is active. */
    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        super.doBind(localAddress);
        active = true;
    }

    @Override
    protected boolean doConnect(SocketAddress remoteAddress, SocketAddress localAddress) throws Exception {
        if (super.doConnect(remoteAddress, localAddress)) {
            connected = true;
            return true;
        }
        return false;
    }

    @Override
    protected void doDisconnect() throws Exception {
        socket.disconnect();
        connected = false;
        resetCachedAddresses();
    }

    @Override
    protected void doClose() throws Exception {
        try {
            super.doClose();
        } finally {
            connected = false;
        }
    }

    // ---- writes --------------------------------------------------------------------------------

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        int budget = ((UepollChannelConfig) config()).getMaxMessagesPerWrite();
        MmsgArray array = scratch().writeBatch();
        while (budget > 0 && !in.isEmpty()) {
            array.clear();
            IovArray iov = scratch().iovArray();
            batchFiller.fill(array, iov, Math.min(budget, sendBatchSize()));
            try {
                in.forEachFlushedMessage(batchFiller);
                int sent = sendBatch(in, array);
                if (sent < 0) {
                    addInterest(UepollIoOps.OUT); // EAGAIN: OUT says when the socket takes datagrams again
                    return;
                }
                budget -= Math.max(sent, 1);
            } finally {
                batchFiller.clear();
            }
        }
        removeInterest(UepollIoOps.OUT);
        if (!in.isEmpty()) {
            // The write budget ran out while the socket still takes datagrams: yield to other channels.
            AbstractUepollUnsafe unsafe = (AbstractUepollUnsafe) unsafe();
            unsafe.executeForThisRegistration(unsafe::flush0);
        }
    }

    /**
     * Sends the batch and removes what left; a message that cannot go (or the first one the kernel
     * refused) fails alone. Returns the datagrams sent, 0 after a failure, -1 on EAGAIN.
     */
    private int sendBatch(ChannelOutboundBuffer in, MmsgArray array) {
        if (array.count() == 0) {
            Object unsendable = batchFiller.headMessage();
            removeCancelled(in, unsendable);
            if (unsendable != null) {
                in.remove(batchFiller.headFailure());
            }
            return 0;
        }
        int sent;
        try {
            sent = array.send(socket.intValue());
        } catch (Errors.NativeIoException e) {
            // Only the first datagram of the batch failed (the kernel reports later ones next call).
            removeCancelled(in, batchFiller.sent(0));
            in.remove(translate(e));
            return 0;
        }
        if (sent == 0) {
            return -1;
        }
        for (int i = 0; i < sent; i++) {
            removeCancelled(in, batchFiller.sent(i));
            in.remove();
        }
        return sent;
    }

    /**
     * Removes the entries before {@code msg}: writes cancelled before their flush, which
     * forEachFlushedMessage skips but remove() counts. With {@code msg} null, removes them all.
     */
    private static void removeCancelled(ChannelOutboundBuffer in, Object msg) {
        while (!in.isEmpty() && in.current() != msg) {
            in.remove();
        }
    }

    /** Walks the flushed messages into one batch, stopping at the first that does not fit. */
    private final class BatchFiller implements ChannelOutboundBuffer.MessageProcessor {
        private final Object[] added = new Object[MAX_BATCH];
        private MmsgArray array;
        private IovArray iov;
        private int limit;
        private Object headMessage;
        private RuntimeException headFailure;

        void fill(MmsgArray array, IovArray iov, int limit) {
            this.array = array;
            this.iov = iov;
            this.limit = Math.min(limit, array.capacity());
            headMessage = null;
            headFailure = null;
        }

        /** The i-th message of the batch, as the outbound buffer holds it. */
        Object sent(int i) {
            return added[i];
        }

        /** When nothing was added: the first message, which cannot be sent; null when there was none. */
        Object headMessage() {
            return headMessage;
        }

        RuntimeException headFailure() {
            return headFailure;
        }

        /** Drops the references to this batch's messages (they are removed from the outbound buffer). */
        void clear() {
            Arrays.fill(added, null);
            headMessage = null;
            headFailure = null;
            array = null;
            iov = null;
        }

        @Override
        public boolean processMessage(Object msg) {
            int count = array.count();
            if (count >= limit) {
                return false;
            }
            boolean fits;
            try {
                fits = addToBatch(msg, array, iov);
            } catch (RuntimeException e) {
                fits = false;
                if (count == 0) {
                    headFailure = e; // a later message fails when it reaches the head
                }
            }
            if (fits) {
                added[count] = msg;
            } else if (count == 0) {
                headMessage = msg;
                if (headFailure == null) {
                    headFailure = new IllegalArgumentException("the datagram does not fit one sendmmsg "
                            + "(more than " + Limits.IOV_MAX + " buffers?): " + msg);
                }
            }
            return fits;
        }
    }

    // ---- reads ---------------------------------------------------------------------------------

    @Override
    protected AbstractUepollUnsafe newUnsafe() {
        return new DatagramUnsafe();
    }

    final class DatagramUnsafe extends AbstractUepollUnsafe {
        private final PreferredDirectByteBufAllocator directAllocator = new PreferredDirectByteBufAllocator();
        private final List<Object> packets = new ArrayList<>();

        @Override
        void beginReadPass(UepollRecvHandle handle, ChannelConfig config) {
            directAllocator.updateAllocator(config.getAllocator());
        }

        /** One recvmmsg: its datagrams go up one by one. */
        @Override
        ReadStep readStep(UepollRecvHandle handle, ChannelPipeline pipeline) throws IOException {
            if (!receiveBatch(handle)) {
                return ReadStep.WOULD_BLOCK;
            }
            readPending = false;
            for (int i = 0; i < packets.size(); i++) {
                pipeline.fireChannelRead(packets.set(i, null));
            }
            packets.clear();
            return ReadStep.MESSAGE;
        }

        /** A batch that did not fill its buffer still lets the pass go on: datagrams come whole. */
        @Override
        boolean continueReadPass(UepollRecvHandle handle) {
            return handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER);
        }

        @Override
        void readStepFailed(ChannelPipeline pipeline) {
            releasePackets();
        }

        /** Stopped on the budget: datagrams may be queued behind, and no new edge comes for them. */
        @Override
        boolean moreMayWait(UepollRecvHandle handle) {
            return true;
        }

        /** An error (an ICMP one, say) says nothing of the datagrams queued behind it: read again at once. */
        @Override
        void readPassFailed(ChannelConfig config) {
            readFinished(config, isOpen());
        }

        /** One recvmmsg into one buffer; false when nothing was queued. Fills {@link #packets}. */
        private boolean receiveBatch(UepollRecvHandle allocHandle) throws IOException {
            ByteBuf buf = allocHandle.allocate(directAllocator);
            boolean done = false;
            try {
                MmsgArray array = scratch().readBatch();
                int slotSize = fillReceiveSlots(array, buf);
                allocHandle.attemptedBytesRead(array.count() * slotSize);
                int received;
                try {
                    received = array.receive(socket.intValue());
                } catch (Errors.NativeIoException e) {
                    throw translate(e);
                }
                if (received == 0) {
                    allocHandle.lastBytesRead(-1);
                    return false;
                }
                int bytes = 0;
                int base = buf.writerIndex();
                for (int i = 0; i < received; i++) {
                    int length = array.receivedBytes(i);
                    bytes += length;
                    ByteBuf data = received == 1 ? buf.retain().writerIndex(base + length)
                            : buf.retainedSlice(base + i * slotSize, length);
                    addReceived(array, i, data, packets);
                }
                // Zero-length datagrams are datagrams too: never report 0 bytes, which would end the pass.
                allocHandle.lastBytesRead(Math.max(1, bytes));
                allocHandle.incMessagesRead(received);
                done = true;
                return true;
            } finally {
                buf.release();
                if (!done) {
                    releasePackets();
                }
            }
        }

        /** One slot for the whole buffer, or MAX_DATAGRAM_PAYLOAD_SIZE slots of it; returns the slot size. */
        private int fillReceiveSlots(MmsgArray array, ByteBuf buf) {
            int writable = buf.writableBytes();
            int payload = maxDatagramPayloadSize();
            int slots = payload > 0 ? Math.min(writable / payload, array.capacity()) : 1;
            int slotSize = slots > 1 ? payload : writable;
            slots = Math.max(slots, 1);
            long address = memoryAddress(buf);
            array.clear();
            for (int i = 0; i < slots; i++) {
                array.addReceive(address + (long) i * slotSize, slotSize);
            }
            return slotSize;
        }

        private void releasePackets() {
            for (Object packet : packets) {
                ReferenceCountUtil.release(packet);
            }
            packets.clear();
        }
    }

    /** Where the buffer's writable bytes start in memory; {@code buf} is direct. */
    private static long memoryAddress(ByteBuf buf) {
        if (buf.hasMemoryAddress()) {
            return buf.memoryAddress() + buf.writerIndex();
        }
        ByteBuffer nio = buf.internalNioBuffer(buf.writerIndex(), buf.writableBytes());
        return Buffer.memoryAddress(nio) + nio.position();
    }
}
