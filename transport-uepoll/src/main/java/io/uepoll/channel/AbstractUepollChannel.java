package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.DuplexChannelConfig;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * What every uepoll channel shares: the socket, its registration and interest set, its addresses,
 * bind, connect and close. Channels never learn which ring feeds their loop; they see
 * {@link UepollIoOps} only. The address family is a {@link SocketAddressing} the concrete channel
 * passes in; a connect that does not finish at once is a {@link PendingConnect}.
 */
abstract class AbstractUepollChannel extends AbstractChannel implements UnixChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);
    /** Pause before a read pass that failed is retried: long enough that a lasting EMFILE costs no busy loop. */
    static final long READ_RETRY_DELAY_MILLIS = 100;

    protected final Socket socket;
    private final SocketAddressing addressing;
    private volatile SocketAddress local;
    private volatile SocketAddress remote;
    /** This channel named the socket (bind, or a connect with a local address): its file is ours to clean up. */
    private volatile boolean boundHere;
    protected volatile boolean active;

    private IoRegistration registration;
    /** The interest this channel wants; submitted to the registration on every change. */
    private UepollIoOps interest;
    /** What a re-registration starts from (read interest stays off until a read is asked for). */
    private final UepollIoOps initialInterest;

    private final PendingConnect pendingConnect = new PendingConnect(this);
    boolean inputClosedSeenErrorOnRead;

    AbstractUepollChannel(Channel parent, Socket socket, SocketAddressing addressing, boolean active,
                          UepollIoOps initialInterest) {
        super(parent);
        this.socket = socket;
        this.addressing = addressing;
        this.active = active;
        this.interest = initialInterest;
        this.initialInterest = initialInterest;
        if (active) {
            resetCachedAddresses();
        }
    }

    /** An accepted connection; {@code remote} is the peer as accept() reported it. */
    AbstractUepollChannel(Channel parent, Socket socket, SocketAddressing addressing, SocketAddress remote) {
        super(parent);
        this.socket = socket;
        this.addressing = addressing;
        this.active = true;
        this.interest = UepollIoOps.RDHUP;
        this.initialInterest = UepollIoOps.RDHUP;
        this.remote = remote;
        this.local = addressing.localAddress(socket);
    }

    static boolean isSoErrorZero(Socket socket) {
        try {
            return socket.getSoError() == 0;
        } catch (IOException e) {
            throw new io.netty.channel.ChannelException(e);
        }
    }

    @Override
    public final FileDescriptor fd() {
        return socket;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    // ---- interest ----------------------------------------------------------------------------

    final boolean isInterested(UepollIoOps ops) {
        return interest.containsAll(ops);
    }

    final void addInterest(UepollIoOps ops) {
        if (!interest.containsAll(ops)) {
            interest = interest.with(ops);
            if (registration != null && isRegistered()) {
                registration.submit(interest);
            }
        }
    }

    final void removeInterest(UepollIoOps ops) {
        if (interest.intersects(ops)) {
            interest = interest.without(ops);
            if (registration != null && isRegistered()) {
                registration.submit(interest);
            }
        }
    }

    /**
     * Auto-read went off ({@link UepollChannelConfig#autoReadCleared}): as in Netty's epoll transport, the
     * read() that auto-read asked for and no bytes answered yet is dropped, with IN, so nothing more
     * enters the pipeline until the next read() (a ring receive already waiting is kept for it). On
     * the loop at once; from another thread in a task, and only if no read() is pending by then: the
     * task cannot tell the application's read() from auto-read's.
     */
    final void autoReadCleared() {
        if (!isRegistered()) {
            return; // nothing asked for yet: registration reads only if auto-read is on then
        }
        AbstractUepollUnsafe unsafe = (AbstractUepollUnsafe) unsafe();
        if (eventLoop().inEventLoop()) {
            unsafe.clearReadInterest();
        } else {
            // Dropped if the channel moves first: its new registration reads only when asked.
            unsafe.executeForThisRegistration(() -> {
                if (!unsafe.readPending && !config().isAutoRead()) {
                    unsafe.clearReadInterest();
                }
            });
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof IoEventLoop && ((IoEventLoop) loop).isCompatible(AbstractUepollUnsafe.class);
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        ((IoEventLoop) eventLoop()).register((AbstractUepollUnsafe) unsafe()).addListener(f -> {
            if (f.isSuccess()) {
                registration = (IoRegistration) f.getNow();
                if (hasFlushedDataPending()) {
                    // A flush scheduled on the previous loop was dropped with its registration: OUT
                    // reports the writable socket on this ring, and the flush runs here.
                    interest = interest.with(UepollIoOps.OUT);
                }
                registration.submit(interest);
                promise.setSuccess();
            } else {
                promise.setFailure(f.cause());
            }
        });
    }

    private boolean hasFlushedDataPending() {
        ChannelOutboundBuffer out = unsafe().outboundBuffer();
        return out != null && !out.isEmpty();
    }

    @Override
    protected void doDeregister() {
        IoRegistration registration = this.registration;
        if (registration != null) {
            // The next ring starts from the initial interest, plus IN if a read() is still unanswered
            // (register() only re-reads for auto-read channels) and OUT if a write waits for room.
            UepollIoOps next = initialInterest;
            if (((AbstractUepollUnsafe) unsafe()).readPending) {
                next = next.with(UepollIoOps.IN);
            }
            if (interest.containsAll(UepollIoOps.OUT)) {
                next = next.with(UepollIoOps.OUT);
            }
            interest = next;
            // Tasks this channel scheduled on the old loop compare against this field and drop themselves.
            this.registration = null;
            registration.cancel();
        }
    }

    @Override
    protected void doBeginRead() {
        AbstractUepollUnsafe unsafe = (AbstractUepollUnsafe) unsafe();
        unsafe.readPending = true;
        if (!isInterested(UepollIoOps.IN)) {
            // Turning IN on re-polls in every ring (epoll MOD, io_uring poll update): data that arrived
            // while it was off is reported now, so no extra read pass is needed.
            addInterest(UepollIoOps.IN);
        } else if (unsafe.maybeMoreToRead) {
            // IN is on, so nothing re-polls, and the last pass stopped early (a budget, an error, auto-read
            // turned off mid-pass) with work maybe queued: no edge will come for it, so read again.
            unsafe.scheduleReadAgain();
        }
    }

    /**
     * Whether closing the socket may block (SO_LINGER with data queued): then the fd leaves the ring on
     * the loop and the close itself runs on another executor.
     */
    boolean closeMayBlock() {
        return false;
    }

    @Override
    protected void doClose() throws Exception {
        active = false;
        inputClosedSeenErrorOnRead = true;
        boolean closedByRing = false;
        try {
            pendingConnect.failOnClose();
            closedByRing = closeThroughRing();
            if (!closedByRing) {
                deregisterBeforeClose();
            }
        } finally {
            try {
                if (!closedByRing) {
                    socket.close();
                }
            } finally {
                addressing.afterClose(local, boundHere);
            }
        }
    }

    /**
     * Deregisters and lets the ring close the fd with the cancels of its requests, where this channel and
     * its ring can; true when the ring took the close (the socket is then marked closed, not closed).
     */
    boolean closeThroughRing() {
        return false;
    }

    /**
     * The ring must let go of the fd before it is closed (an armed io_uring poll pins the file). Off the
     * loop (the SO_LINGER close of {@link AbstractUepollUnsafe#prepareToClose}) the loop already did it.
     */
    private void deregisterBeforeClose() {
        if (isRegistered() && eventLoop().inEventLoop()) {
            doDeregister();
        }
    }

    @Override
    protected void doDisconnect() throws Exception {
        doClose();
    }

    // ---- addresses, bind, connect --------------------------------------------------------------

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        SocketAddress r = remote;
        if (r == null && active && parent() != null) {
            // Accepted through the ring, which reports no peer address: asked of the kernel once, when wanted.
            r = remote = addressing.remoteAddress(socket);
        }
        return r;
    }

    /** Reads both names from the kernel again (after a datagram disconnect, or when adopting a socket). */
    final void resetCachedAddresses() {
        local = addressing.localAddress(socket);
        remote = addressing.remoteAddress(socket);
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        SocketAddress address = addressing.check(localAddress);
        socket.bind(address);
        boundHere = true;
        local = addressing.localAfter(socket, address);
    }

    /** Binds first if asked, then connects; false when the kernel finishes later (OUT is armed then). */
    protected boolean doConnect(SocketAddress remoteAddress, SocketAddress localAddress) throws Exception {
        SocketAddress remoteChecked = addressing.check(remoteAddress);
        SocketAddress localChecked = addressing.check(localAddress);
        if (remoteChecked == null) {
            throw new IllegalArgumentException("remoteAddress is null");
        }
        if (remote != null) {
            throw new AlreadyConnectedException();
        }
        if (localChecked != null) {
            socket.bind(localChecked);
            boundHere = true;
        }
        boolean connected = doConnect0(remoteChecked);
        if (connected) {
            connectedTo(remoteChecked);
        }
        if (!pendingConnect.isThroughRing()) {
            local = addressing.localAfter(socket, localChecked);
        } // else the kernel picks the local port when the ring issues the connect: read at its completion
        return connected;
    }

    /** The connect to {@code requested} completed, at once or when OUT came. */
    final void connectedTo(SocketAddress requested) {
        remote = addressing.remoteAfterConnect(socket, requested);
    }

    /** The ring's connect to {@code requested} completed: the local name is known only now. */
    final void connectedThroughRing(SocketAddress requested) {
        connectedTo(requested);
        local = addressing.localAfter(socket, null);
    }

    /** A socket this transport created or accepted (not an adopted fd): its options start at the defaults. */
    final boolean ownsSocket() {
        return socket instanceof OwnedSocket;
    }

    /** The channel's pending connect, for a subclass that connects through the ring. */
    final PendingConnect pendingConnect() {
        return pendingConnect;
    }

    boolean doConnect0(SocketAddress remoteAddress) throws Exception {
        boolean success = false;
        try {
            boolean connected = socket.connect(remoteAddress);
            if (!connected) {
                addInterest(UepollIoOps.OUT);
            }
            success = true;
            return connected;
        } finally {
            if (!success) {
                doClose();
            }
        }
    }

    // ---- buffers -------------------------------------------------------------------------------

    /** Copies a heap or composite buffer into a direct one the kernel can read from. */
    protected final ByteBuf newDirectBuffer(Object holder, ByteBuf buf) {
        int readable = buf.readableBytes();
        if (readable == 0) {
            ReferenceCountUtil.release(holder);
            return Unpooled.EMPTY_BUFFER;
        }
        ByteBufAllocator alloc = alloc();
        ByteBuf direct = alloc.isDirectBufferPooled() ? null : ByteBufUtil.threadLocalDirectBuffer();
        if (direct == null) {
            direct = alloc.directBuffer(readable);
        }
        direct.writeBytes(buf, buf.readerIndex(), readable);
        ReferenceCountUtil.safeRelease(holder);
        return direct;
    }

    protected final int readInto(ByteBuf byteBuf) throws Exception {
        int writerIndex = byteBuf.writerIndex();
        unsafe().recvBufAllocHandle().attemptedBytesRead(byteBuf.writableBytes());
        int n;
        if (byteBuf.hasMemoryAddress()) {
            n = socket.recvAddress(byteBuf.memoryAddress(), writerIndex, byteBuf.capacity());
        } else {
            java.nio.ByteBuffer nio = byteBuf.internalNioBuffer(writerIndex, byteBuf.writableBytes());
            n = socket.recv(nio, nio.position(), nio.limit());
        }
        if (n > 0) {
            byteBuf.writerIndex(writerIndex + n);
        }
        return n;
    }

    /**
     * The current registration, or null while the channel is not registered. Netty's loop hands out a
     * wrapper of it, so it is reached as the wrapper's attachment. Loop thread.
     */
    final UepollRegistration uepollRegistration() {
        IoRegistration current = registration;
        return current == null ? null : current.attachment();
    }

    /** The loop's scratch memory. Loop thread only, while registered. */
    final LoopScratch scratch() {
        return uepollRegistration().scratch();
    }

    static boolean isAllowHalfClosure(ChannelConfig config) {
        return config instanceof DuplexChannelConfig && ((DuplexChannelConfig) config).isAllowHalfClosure();
    }

    final boolean shouldBreakReadReady(ChannelConfig config) {
        return socket.isInputShutdown() && (inputClosedSeenErrorOnRead || !isAllowHalfClosure(config));
    }

    @Override
    protected abstract AbstractUepollUnsafe newUnsafe();

    /** The loop's side of a channel: readiness comes in here. */
    abstract class AbstractUepollUnsafe extends AbstractUnsafe implements UepollIoHandle {
        boolean readPending;
        /** The last read pass stopped before EAGAIN: a read() while IN is on must read again itself. */
        boolean maybeMoreToRead;
        /** The registration a read-again task is pending for; a task of an older one never runs. */
        private IoRegistration readAgainFor;
        private UepollRecvHandle recvHandle;

        @Override
        public FileDescriptor fd() {
            return socket;
        }

        @Override
        public void close() {
            close(voidPromise());
        }

        /**
         * A close that lingers (SO_LINGER with unsent data) would block the loop for the linger time:
         * take the fd out of the ring here, on the loop (so no poll keeps the socket alive and no event
         * comes for it), and let another executor run the blocking close.
         */
        @Override
        protected Executor prepareToClose() {
            try {
                if (isOpen() && closeMayBlock()) {
                    doDeregister();
                    return GlobalEventExecutor.INSTANCE;
                }
            } catch (Throwable ignore) {
                // The socket is already unusable: close it here, as usual.
            }
            return null;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            UepollIoOps ops = (UepollIoOps) event;
            if (pendingConnect.isThroughRing()) {
                // The ring's connect completion is the outcome (a refused connect's ERR and HUP come here
                // first); reads start after it, through the ring, which finds whatever arrived meanwhile.
                return;
            }
            // Writes first (a connect may complete), then reads, then the peer's half-close. A hang-up
            // also ends a pending connect: an interest change may still be in flight (io_uring applies
            // it with the next submit), so the event need not carry OUT.
            if (ops.isWritableOrError() || pendingConnect.isPending() && ops.isHangup()) {
                writeReady();
            }
            if (ops.isReadableOrError()) {
                readReady();
            }
            if (ops.isRdHup()) {
                rdHupReady();
            }
        }

        /** Readiness said IN (or RDHUP): one read pass. */
        void readReady() {
            readPass();
        }

        /**
         * The read pass of every channel type: {@link #readStep} until the socket would block, the input
         * ends, the budget is spent or a step fails; then one readComplete, and the edge-triggered rule
         * in this one place: a pass that stopped before EAGAIN reads again soon (no new edge will come),
         * one that failed retries after a pause, and nobody reading drops IN.
         */
        final void readPass() {
            ChannelConfig config = config();
            if (!startReadPass(config)) {
                return;
            }
            UepollRecvHandle handle = recvBufAllocHandle();
            ChannelPipeline pipeline = pipeline();
            handle.reset(config);
            ReadStep step = ReadStep.WOULD_BLOCK;
            Throwable failure = null;
            try {
                beginReadPass(handle, config);
                do {
                    step = readStep(handle, pipeline);
                } while (step == ReadStep.MESSAGE && !shouldBreakReadReady(config) && continueReadPass(handle));
            } catch (Throwable t) {
                failure = t;
                readStepFailed(pipeline);
            }
            handle.readComplete();
            pipeline.fireChannelReadComplete();
            if (failure != null) {
                pipeline.fireExceptionCaught(failure);
            }
            if (step == ReadStep.END_OF_INPUT || failure != null && failureEndsInput(failure)) {
                readPending = false;
                shutdownInput(true);
                readFinished(config, false);
            } else if (failure != null) {
                readPassFailed(config);
            } else {
                readFinished(config, step == ReadStep.MESSAGE && moreMayWait(handle));
            }
        }

        /** One read: fires what it got through {@link #fireRead} and says what it found. */
        abstract ReadStep readStep(UepollRecvHandle handle, ChannelPipeline pipeline) throws Exception;

        /** Before the first step of a pass (the handle was reset). */
        void beginReadPass(UepollRecvHandle handle, ChannelConfig config) {
        }

        /** After a message: whether the budget allows another step. */
        boolean continueReadPass(UepollRecvHandle handle) {
            return handle.continueReading();
        }

        /** A step threw: deliver or release what it held, before readComplete. */
        void readStepFailed(ChannelPipeline pipeline) {
        }

        /** Whether a step's failure shuts the input down (else the pass retries after a pause). */
        boolean failureEndsInput(Throwable failure) {
            return false;
        }

        /** After a failed pass that left the input open: work may be queued and no edge will say so. */
        void readPassFailed(ChannelConfig config) {
            readFailed(config);
        }

        /** A pass that ended on its budget after a message: whether the socket may hold more. */
        boolean moreMayWait(UepollRecvHandle handle) {
            return handle.maybeMoreData();
        }

        /** Up the pipeline; a read() from inside channelRead asks for the next pass. */
        final void fireRead(ChannelPipeline pipeline, Object msg) {
            readPending = false;
            pipeline.fireChannelRead(msg);
        }

        /**
         * Whether a read pass should run now. Not after input shutdown, and not when nobody wants to read
         * (auto-read off, no read() pending): IN is dropped instead, and the read() that re-adds it makes
         * every ring re-poll, so data left unread is reported then. After RDHUP no further edge comes,
         * so a pass always runs to reach EOF.
         */
        final boolean startReadPass(ChannelConfig config) {
            if (shouldBreakReadReady(config)) {
                clearReadInterest();
                return false;
            }
            if (readPending || config.isAutoRead() || recvBufAllocHandle().isReceivedRdHup()) {
                return true;
            }
            clearReadInterest();
            return false;
        }

        /**
         * Edge-triggered bookkeeping after a read pass: if it stopped on its budget while data may remain
         * (no EAGAIN seen), no new edge will come, so read again soon; if reading is not wanted, drop IN.
         */
        final void readFinished(ChannelConfig config, boolean maybeMoreData) {
            maybeMoreToRead = maybeMoreData;
            if (!readPending && !config.isAutoRead()) {
                clearReadInterest();
            } else if (maybeMoreData && isActive()) {
                scheduleReadAgain();
            }
        }

        /**
         * After a pass that ended on an error (accept failing with EMFILE, say), work may still be queued
         * and no edge will say so: retry after a pause, so a lasting error costs no busy loop. When nobody
         * reads, IN is dropped and the read() that re-adds it re-polls.
         */
        final void readFailed(ChannelConfig config) {
            maybeMoreToRead = true;
            if (!readPending && !config.isAutoRead()) {
                clearReadInterest();
            } else if (isOpen()) {
                scheduleRead(READ_RETRY_DELAY_MILLIS);
            }
        }

        final void scheduleReadAgain() {
            scheduleRead(0);
        }

        /** A read pass later on this loop; it belongs to the current registration and dies with it. */
        private void scheduleRead(long delayMillis) {
            IoRegistration current = registration;
            if (current == null || readAgainFor == current) {
                return;
            }
            readAgainFor = current;
            Runnable pass = () -> {
                // A task of an older registration (the channel moved loops) must not touch the socket:
                // the new loop owns it, and its ring reported what is pending when the fd was added.
                if (registration == current) {
                    readAgainFor = null;
                    if (isOpen()) {
                        readReady();
                    }
                }
            };
            if (delayMillis == 0) {
                eventLoop().execute(pass);
            } else {
                eventLoop().schedule(pass, delayMillis, TimeUnit.MILLISECONDS);
            }
        }

        /** Runs a task on this loop for the current registration only; dropped if the channel moves. */
        final void executeForThisRegistration(Runnable task) {
            IoRegistration current = registration;
            if (current != null) {
                eventLoop().execute(() -> {
                    if (registration == current) {
                        task.run();
                    }
                });
            }
        }

        final void rdHupReady() {
            recvBufAllocHandle().receivedRdHup();
            if (isActive()) {
                readReady();
            } else {
                shutdownInput(false);
            }
            try {
                removeInterest(UepollIoOps.RDHUP);
            } catch (UncheckedIOException e) {
                pipeline().fireExceptionCaught(e);
                close(voidPromise());
            }
        }

        void shutdownInput(boolean allDataRead) {
            if (!socket.isInputShutdown()) {
                if (isAllowHalfClosure(config())) {
                    try {
                        socket.shutdown(true, false);
                    } catch (IOException ignored) {
                        // The socket is gone: closing is all that is left.
                        pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                        close(voidPromise());
                        return;
                    } catch (NotYetConnectedException ignore) {
                        // Shutting down input of an unconnected socket: nothing to do.
                    }
                    if (!readPending && !config().isAutoRead()) {
                        clearReadInterest();
                    }
                    pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                } else {
                    close(voidPromise());
                    return;
                }
            }
            if (allDataRead && !inputClosedSeenErrorOnRead) {
                inputClosedSeenErrorOnRead = true;
                pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
            }
        }

        final void clearReadInterest() {
            readPending = false;
            readStopped();
            try {
                removeInterest(UepollIoOps.IN);
            } catch (UncheckedIOException e) {
                pipeline().fireExceptionCaught(e);
                close(voidPromise());
            }
        }

        /** Nobody reads any more: a request that reads on its own (a multishot accept) is ended here. */
        void readStopped() {
        }

        @Override
        public UepollRecvHandle recvBufAllocHandle() {
            if (recvHandle == null) {
                recvHandle = new UepollRecvHandle(super.recvBufAllocHandle());
            }
            return recvHandle;
        }

        @Override
        protected final void flush0() {
            // With OUT armed the loop flushes when the socket becomes writable; flushing now only spins.
            if (!isInterested(UepollIoOps.OUT)) {
                super.flush0();
            }
        }

        /** Flushes even with OUT armed: a ring send completed, and only the channel knows what is left. */
        final void flushNow() {
            super.flush0();
        }

        final void writeReady() {
            if (pendingConnect.isPending()) {
                pendingConnect.finish();
            } else if (!socket.isOutputShutdown()) {
                super.flush0();
            }
        }

        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            if (promise.isDone() || !ensureOpen(promise)) {
                return;
            }
            try {
                if (pendingConnect.isPending()) {
                    throw new ConnectionPendingException();
                }
                boolean wasActive = isActive();
                if (doConnect(remoteAddress, localAddress)) {
                    pendingConnect.succeeded(promise, wasActive);
                } else {
                    pendingConnect.await(promise, remoteAddress);
                }
            } catch (Throwable t) {
                closeIfClosed();
                promise.tryFailure(annotateConnectException(t, remoteAddress));
            }
        }

        /** Netty keeps these two protected on AbstractUnsafe; {@link PendingConnect} reaches them here. */
        final Throwable connectFailure(Throwable cause, SocketAddress remoteAddress) {
            return annotateConnectException(cause, remoteAddress);
        }

        final void closeIfSocketClosed() {
            closeIfClosed();
        }
    }
}
