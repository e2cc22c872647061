package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoop;
import io.netty.channel.FileRegion;
import io.netty.channel.internal.ChannelUtils;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.IovArray;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.SocketWritableByteChannel;
import io.netty.channel.unix.UnixChannelUtil;
import io.netty.util.internal.StringUtil;
import io.netty.util.internal.SystemPropertyUtil;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import static io.netty.channel.internal.ChannelUtils.WRITE_STATUS_SNDBUF_FULL;

/**
 * The read and write loops of every stream channel (TCP and Unix stream), written once. Reads drain
 * until EAGAIN or the allocator's budget; writes that hit EAGAIN arm OUT and drop it once drained.
 */
abstract class AbstractUepollStreamChannel extends AbstractUepollChannel implements DuplexChannel {
    /** {@code -Dio.uepoll.ringConnect=false} keeps connect() syscalls on every ring: the A/B of connecting through it. */
    private static final boolean RING_CONNECT = SystemPropertyUtil.getBoolean("io.uepoll.ringConnect", true);
    /** {@code -Dio.uepoll.ringClose=false} keeps close(2) on every ring: the A/B of closing through it. */
    private static final boolean RING_CLOSE = SystemPropertyUtil.getBoolean("io.uepoll.ringClose", true);
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    private static final String EXPECTED_TYPES = " (expected: " + StringUtil.simpleClassName(ByteBuf.class) + ", "
            + StringUtil.simpleClassName(DefaultFileRegion.class) + ')';

    private WritableByteChannel byteChannel;
    /** Created on the first write through a ring that carries sends; outlives moves between loops. */
    private RingStreamWriter ringWriter;
    /** Created on the first read through a ring that carries receives; outlives moves between loops. */
    private AbstractRingReader ringReader;

    AbstractUepollStreamChannel(Channel parent, Socket socket, SocketAddressing addressing, SocketAddress remote) {
        super(parent, socket, addressing, remote);
    }

    AbstractUepollStreamChannel(Socket socket, SocketAddressing addressing, boolean active) {
        super(null, socket, addressing, active, UepollIoOps.RDHUP);
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    /** The gathering-write limit lives on the config, which every stream channel's config extends. */
    final long maxBytesPerGatheringWrite() {
        return ((UepollChannelConfig) config()).getMaxBytesPerGatheringWrite();
    }

    final void maxBytesPerGatheringWrite(long bytes) {
        ((UepollChannelConfig) config()).setMaxBytesPerGatheringWrite(bytes);
    }

    @Override
    protected AbstractUepollUnsafe newUnsafe() {
        return new StreamUnsafe();
    }

    // ---- writes --------------------------------------------------------------------------------

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        if (ringWriter != null && ringWriter.inFlight()) {
            return; // one send at a time: its completion flushes again
        }
        UepollRegistration registration = uepollRegistration();
        if (registration != null && registration.carriesIo()) {
            if (ringWriter == null) {
                ringWriter = new RingStreamWriter(this);
            }
            if (ringWriter.write(in, registration, maxBytesPerGatheringWrite())) {
                removeInterest(UepollIoOps.OUT); // the send's completion, not OUT, says when to go on
                return;
            }
            // A FileRegion (or an unusual buffer) at the head: written directly, below.
        }
        doWriteDirect(in);
    }

    /** Data path direct: write syscalls until the kernel's buffer is full or the spin budget is spent. */
    private void doWriteDirect(ChannelOutboundBuffer in) throws Exception {
        int writeSpinCount = config().getWriteSpinCount();
        do {
            int msgCount = in.size();
            if (msgCount > 1 && in.current() instanceof ByteBuf) {
                writeSpinCount -= writeGathering(in);
            } else if (msgCount == 0) {
                removeInterest(UepollIoOps.OUT);
                return;
            } else {
                writeSpinCount -= writeSingle(in);
            }
        } while (writeSpinCount > 0);

        if (writeSpinCount == 0) {
            // The spin budget ran out but the socket still takes data: yield to other channels.
            removeInterest(UepollIoOps.OUT);
            AbstractUepollUnsafe unsafe = (AbstractUepollUnsafe) unsafe();
            unsafe.executeForThisRegistration(unsafe::flush0);
        } else {
            // EAGAIN: the kernel tells us through OUT when there is room again.
            addInterest(UepollIoOps.OUT);
        }
    }

    /** Writes the head message; subclasses that accept other message types handle them first. */
    int writeSingle(ChannelOutboundBuffer in) throws Exception {
        Object msg = in.current();
        if (msg instanceof ByteBuf) {
            return writeBytes(in, (ByteBuf) msg);
        }
        if (msg instanceof FileRegion) {
            return writeFileRegion(in, (FileRegion) msg);
        }
        throw new Error("unexpected message type: " + StringUtil.className(msg));
    }

    private int writeBytes(ChannelOutboundBuffer in, ByteBuf buf) throws Exception {
        int readable = buf.readableBytes();
        if (readable == 0) {
            in.remove();
            return 0;
        }
        if (buf.hasMemoryAddress()) {
            return written(in, socket.sendAddress(buf.memoryAddress(), buf.readerIndex(), buf.writerIndex()));
        }
        if (buf.nioBufferCount() == 1) {
            ByteBuffer nio = buf.internalNioBuffer(buf.readerIndex(), readable);
            return written(in, socket.send(nio, nio.position(), nio.limit()));
        }
        ByteBuffer[] nioBuffers = buf.nioBuffers();
        long max = Math.min(readable, maxBytesPerGatheringWrite());
        return writtenGathering(in, max, socket.writev(nioBuffers, 0, nioBuffers.length, max));
    }

    private int writeGathering(ChannelOutboundBuffer in) throws Exception {
        IovArray array = scratch().iovArray();
        array.maxBytes(maxBytesPerGatheringWrite());
        in.forEachFlushedMessage(array);
        if (array.count() == 0) {
            in.removeBytes(0);
            return 0;
        }
        long attempted = array.size();
        return writtenGathering(in, attempted, socket.writevAddresses(array.memoryAddress(0), array.count()));
    }

    private static int written(ChannelOutboundBuffer in, long bytes) {
        if (bytes > 0) {
            in.removeBytes(bytes);
            return 1;
        }
        return WRITE_STATUS_SNDBUF_FULL;
    }

    private int writtenGathering(ChannelOutboundBuffer in, long attempted, long bytes) {
        if (bytes > 0) {
            adjustMaxBytesPerGatheringWrite(attempted, bytes);
        }
        return written(in, bytes);
    }

    /** Grows the gathering-write budget when the kernel takes it all, shrinks it when it takes little. */
    private void adjustMaxBytesPerGatheringWrite(long attempted, long written) {
        long current = maxBytesPerGatheringWrite();
        if (attempted == written) {
            if (attempted << 1 > current) {
                maxBytesPerGatheringWrite(attempted << 1);
            }
        } else if (attempted > ChannelUtils.MAX_BYTES_PER_GATHERING_WRITE_ATTEMPTED_LOW_THRESHOLD
                && written < attempted >>> 1) {
            maxBytesPerGatheringWrite(attempted >>> 1);
        }
    }

    private int writeFileRegion(ChannelOutboundBuffer in, FileRegion region) throws Exception {
        long count = region.count();
        long offset = region.transferred();
        if (offset >= count) {
            in.remove();
            return 0;
        }
        if (byteChannel == null) {
            byteChannel = new SocketByteChannel();
        }
        long flushed = region.transferTo(byteChannel, offset);
        if (flushed > 0) {
            in.progress(flushed);
            if (region.transferred() >= count) {
                in.remove();
            }
            return 1;
        }
        if (flushed == 0 && region instanceof DefaultFileRegion) {
            validateFileRegion((DefaultFileRegion) region, offset);
        }
        return WRITE_STATUS_SNDBUF_FULL;
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf) {
            ByteBuf buf = (ByteBuf) msg;
            return UnixChannelUtil.isBufferCopyNeededForWrite(buf) ? newDirectBuffer(buf, buf) : buf;
        }
        if (msg instanceof FileRegion) {
            return msg;
        }
        throw new UnsupportedOperationException("unsupported message type: " + StringUtil.simpleClassName(msg)
                + EXPECTED_TYPES);
    }

    /** Lets FileRegion.transferTo write straight into the socket (DefaultFileRegion: FileChannel.transferTo). */
    private final class SocketByteChannel extends SocketWritableByteChannel {
        SocketByteChannel() {
            super(socket);
        }

        @Override
        protected ByteBufAllocator alloc() {
            return AbstractUepollStreamChannel.this.alloc();
        }
    }

    /**
     * Whether reads may go through the ring when the loop's ring carries them; the domain socket
     * channel reads file descriptors with recvmsg in one read mode.
     */
    boolean readsThroughRing() {
        return true;
    }

    /**
     * A TCP connect goes through the ring where the ring carries this channel's receives (IO_URING, data
     * path ring): its completion replaces connect's EINPROGRESS, the OUT poll and getsockopt(SO_ERROR).
     */
    @Override
    boolean doConnect0(SocketAddress remoteAddress) throws Exception {
        UepollRegistration registration = RING_CONNECT && remoteAddress instanceof InetSocketAddress
                && !((InetSocketAddress) remoteAddress).isUnresolved() ? uepollRegistration() : null;
        if (registration == null || !registration.carriesReceives()) {
            return super.doConnect0(remoteAddress);
        }
        InetSocketAddress remote = (InetSocketAddress) remoteAddress;
        boolean success = false;
        try {
            pendingConnect().startThroughRing(registration, remote, Sockets.connectsIpv6(socket, remote.getAddress()));
            success = true;
            return false;
        } finally {
            if (!success) {
                doClose();
            }
        }
    }

    /** The registration whose ring carries this channel's receives now, or null: read directly. */
    private UepollRegistration ringReadRegistration() {
        UepollRegistration registration = uepollRegistration();
        return registration != null && registration.carriesReceives() && readsThroughRing() ? registration : null;
    }

    @Override
    protected void doBeginRead() {
        UepollRegistration registration = ringReadRegistration();
        if (registration == null || !isActive()) {
            // Not connected yet (a read() from initChannel): IN readiness says when bytes come, and the
            // read pass it starts switches to the ring. A receive now would fail on the unconnected socket.
            super.doBeginRead();
            return;
        }
        ((AbstractUepollUnsafe) unsafe()).readPending = true;
        removeInterest(UepollIoOps.IN); // the receive in flight, not IN readiness, says when bytes came
        readThroughRing(registration);
    }

    /**
     * Reads through the registration's ring with the reader its ring needs: multishot receives where it
     * has provided buffers, else one-shot receives. A reader of the other kind is replaced once idle.
     */
    final void readThroughRing(UepollRegistration registration) {
        AbstractRingReader reader = ringReader;
        if (reader == null || !reader.fits(registration) && reader.idle()) {
            reader = registration.providesBuffers() ? new MultishotStreamReader(this) : new RingStreamReader(this);
            ringReader = reader;
        }
        reader.read(registration);
    }

    /** The ring's send completed and was accounted: go on with what is left. Loop thread. */
    final void flushAfterRingSend() {
        ((AbstractUepollUnsafe) unsafe()).flushNow();
    }

    @Override
    protected void doClose() throws Exception {
        try {
            super.doClose();
        } finally {
            RingStreamWriter writer = ringWriter;
            if (writer != null) {
                writer.channelClosed();
            }
            AbstractRingReader reader = ringReader;
            if (reader != null) {
                reader.channelClosed();
            }
        }
    }

    /**
     * A TCP socket of ours, registered with a ring that carries its receives, closes through the ring: no
     * close(2) and no enter of its own ({@code -Dio.uepoll.ringClose=false} keeps the syscalls: the A/B).
     * A lingering close never gets here (prepareToClose deregistered it and closes it off the loop).
     */
    @Override
    boolean closeThroughRing() {
        if (!RING_CLOSE || !ownsSocket() || !isRegistered() || !eventLoop().inEventLoop()) {
            return false;
        }
        UepollRegistration registration = uepollRegistration();
        if (registration == null || !registration.carriesReceives()) {
            return false;
        }
        registration.closeThroughRingOnCancel();
        doDeregister();
        return registration.closedByRing() && ((OwnedSocket) socket).closedByRing();
    }

    /**
     * False while SO_LINGER is known to be off (a TCP socket of ours, or accepted from a listener of ours,
     * whose config never set it): then a close asks the kernel nothing. True when unknown.
     */
    volatile boolean lingerMaybeSet = true; // set from any thread (config), read by close on the loop

    /** SO_LINGER with a timeout makes close() wait for unsent data to leave (TCP). */
    @Override
    boolean closeMayBlock() {
        if (!lingerMaybeSet) {
            return false;
        }
        try {
            return socket.getSoLinger() > 0;
        } catch (IOException e) {
            return false; // no longer a socket we can ask: its close cannot linger either
        }
    }

    // ---- shutdown ------------------------------------------------------------------------------

    @Override
    protected final void doShutdownOutput() throws Exception {
        socket.shutdown(false, true);
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public boolean isShutdown() {
        return socket.isShutdown();
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            shutdownOutput0(promise);
        } else {
            loop.execute(() -> shutdownOutput0(promise));
        }
        return promise;
    }

    /** Waits for a ring send in flight: the kernel has not seen its bytes yet, a syscall would overtake it. */
    private void shutdownOutput0(ChannelPromise promise) {
        RingStreamWriter writer = ringWriter;
        if (writer != null && writer.inFlight()) {
            writer.runAfterSend(() -> shutdownOutput0(promise));
        } else {
            ((AbstractUnsafe) unsafe()).shutdownOutput(promise);
        }
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            shutdownInput0(promise);
        } else {
            loop.execute(() -> shutdownInput0(promise));
        }
        return promise;
    }

    private void shutdownInput0(ChannelPromise promise) {
        try {
            socket.shutdown(true, false);
            promise.setSuccess();
        } catch (Throwable cause) {
            promise.setFailure(cause);
        }
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        ChannelFuture outputDone = shutdownOutput();
        if (outputDone.isDone()) {
            shutdownOutputDone(outputDone, promise);
        } else {
            outputDone.addListener((ChannelFutureListener) f -> shutdownOutputDone(f, promise));
        }
        return promise;
    }

    private void shutdownOutputDone(ChannelFuture outputDone, ChannelPromise promise) {
        ChannelFuture inputDone = shutdownInput();
        if (inputDone.isDone()) {
            shutdownDone(outputDone, inputDone, promise);
        } else {
            inputDone.addListener((ChannelFutureListener) f -> shutdownDone(outputDone, f, promise));
        }
    }

    private static void shutdownDone(ChannelFuture outputDone, ChannelFuture inputDone, ChannelPromise promise) {
        Throwable outputCause = outputDone.cause();
        Throwable inputCause = inputDone.cause();
        if (outputCause != null) {
            if (inputCause != null) {
                outputCause.addSuppressed(inputCause);
            }
            promise.setFailure(outputCause);
        } else if (inputCause != null) {
            promise.setFailure(inputCause);
        } else {
            promise.setSuccess();
        }
    }

    // ---- reads ---------------------------------------------------------------------------------

    /** Not final: the domain-socket channel reads file descriptors instead of bytes in one read mode. */
    class StreamUnsafe extends AbstractUepollUnsafe {
        @Override
        void readReady() {
            UepollRegistration ringRegistration = ringReadRegistration();
            if (ringRegistration != null) {
                // Readiness (RDHUP, an error, IN left from a direct loop) only makes sure a receive waits.
                removeInterest(UepollIoOps.IN);
                readThroughRing(ringRegistration);
                return;
            }
            if (ringReader != null && ringReader.inFlight()) {
                return; // a receive from a ring loop is still out: its completion comes first, then a pass
            }
            readPass();
        }

        /** The buffer of the step in progress, for {@link #readStepFailed}. */
        private ByteBuf stepBuffer;

        /** One recv into an allocator buffer: bytes, EAGAIN (0), or EOF (-1). */
        @Override
        ReadStep readStep(UepollRecvHandle handle, ChannelPipeline pipeline) throws Exception {
            ByteBuf buf = handle.allocate(config().getAllocator());
            stepBuffer = buf;
            handle.lastBytesRead(readInto(buf));
            stepBuffer = null;
            if (handle.lastBytesRead() <= 0) {
                buf.release();
                return handle.lastBytesRead() < 0 ? ReadStep.END_OF_INPUT : ReadStep.WOULD_BLOCK;
            }
            handle.incMessagesRead(1);
            fireRead(pipeline, buf);
            return ReadStep.MESSAGE;
        }

        @Override
        void readStepFailed(ChannelPipeline pipeline) {
            ByteBuf buf = stepBuffer;
            stepBuffer = null;
            if (buf == null) {
                return;
            }
            if (buf.isReadable()) {
                fireRead(pipeline, buf);
            } else {
                buf.release();
            }
        }

        /** A socket error ends the input, as does running out of memory; anything else is retried. */
        @Override
        boolean failureEndsInput(Throwable failure) {
            return failure instanceof IOException || failure instanceof OutOfMemoryError;
        }
    }
}
