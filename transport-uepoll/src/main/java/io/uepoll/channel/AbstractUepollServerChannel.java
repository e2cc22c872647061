package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.Socket;
import io.netty.util.internal.SystemPropertyUtil;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * The accept loop of listening sockets, edge-triggered: accept until EAGAIN or the read budget. On a
 * ring that carries receives (IO_URING, data path ring) a multishot accept takes the connections
 * instead ({@link MultishotAcceptor}) and the read pass hands over what it queued.
 */
abstract class AbstractUepollServerChannel extends AbstractUepollChannel implements ServerChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    /** {@code -Dio.uepoll.ringAccept=false} keeps accept4 on every ring: the A/B of accepting through the ring. */
    private static final boolean RING_ACCEPT = SystemPropertyUtil.getBoolean("io.uepoll.ringAccept", true);

    private MultishotAcceptor ringAcceptor;

    AbstractUepollServerChannel(Socket socket, SocketAddressing addressing, boolean active) {
        super(null, socket, addressing, active, UepollIoOps.NONE);
    }

    /** Bound means listening: there is no bound-but-not-listening state for a server channel. */
    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        super.doBind(localAddress);
        socket.listen(((AbstractUepollServerChannelConfig<?>) config()).getBacklog());
        active = true;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return null;
    }

    @Override
    protected AbstractUepollUnsafe newUnsafe() {
        return new ServerUnsafe();
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        throw new UnsupportedOperationException();
    }

    /**
     * Wraps an accepted fd; {@code address} holds the peer address as unix-common's accept() wrote it, or is
     * null (accepted through the ring: the child asks the kernel when its peer is wanted).
     */
    abstract Channel newChildChannel(int fd, byte[] address, int offset, int len) throws Exception;

    /** The registration whose ring accepts for this listener, or null: accept4 after IN readiness. */
    private UepollRegistration ringAcceptRegistration() {
        UepollRegistration registration = RING_ACCEPT ? uepollRegistration() : null;
        boolean supported = ringAcceptor == null || ringAcceptor.isSupported();
        return registration != null && supported && registration.carriesReceives() ? registration : null;
    }

    @Override
    protected void doBeginRead() {
        UepollRegistration registration = ringAcceptRegistration();
        if (registration == null || !isActive()) {
            super.doBeginRead();
            return;
        }
        ServerUnsafe unsafe = (ServerUnsafe) unsafe();
        unsafe.readPending = true;
        removeInterest(UepollIoOps.IN); // the accept in flight, not IN readiness, says when connections come
        unsafe.acceptThroughRing(registration);
        if (ringAcceptor.hasWork()) {
            unsafe.scheduleReadAgain(); // connections a stopped accept kept, or an error to report
        }
    }

    /** A multishot accept's CQE was queued (or ended it): hand connections over. Loop thread. */
    final void ringAccepted(boolean last) {
        if (isActive()) {
            ((ServerUnsafe) unsafe()).ringAccepted(last);
        }
    }

    @Override
    protected void doClose() throws Exception {
        try {
            super.doClose(); // takes the fd out of the ring first: the accept ends, its last CQEs come
        } finally {
            if (ringAcceptor != null) {
                ringAcceptor.channelClosed();
            }
        }
    }

    final class ServerUnsafe extends AbstractUepollUnsafe {
        // unix-common writes [len][address bytes...] into this buffer on accept.
        private final byte[] acceptedAddress = new byte[26];

        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException());
        }

        @Override
        void beginReadPass(UepollRecvHandle handle, ChannelConfig config) {
            handle.attemptedBytesRead(1);
        }

        @Override
        void readReady() {
            UepollRegistration registration = ringAcceptRegistration();
            if (registration == null) {
                readPass();
                return;
            }
            // IN left from a direct loop, or a pass scheduled again: make sure the accept waits, hand over its queue.
            removeInterest(UepollIoOps.IN);
            if (readPending || config().isAutoRead()) {
                acceptThroughRing(registration);
            }
            if (ringAcceptor != null && ringAcceptor.hasWork()) {
                readPass();
            }
        }

        void acceptThroughRing(UepollRegistration registration) {
            if (ringAcceptor == null) {
                ringAcceptor = new MultishotAcceptor(AbstractUepollServerChannel.this);
            }
            try {
                ringAcceptor.arm(registration);
            } catch (IOException e) {
                pipeline().fireExceptionCaught(e);
                readFailed(config()); // retried after a pause
            }
        }

        void ringAccepted(boolean last) {
            if (!ringAcceptor.isSupported() && (readPending || config().isAutoRead())) {
                addInterest(UepollIoOps.IN); // an older kernel: accept4 after readiness from now on
            }
            readPass();
            UepollRegistration registration = ringAcceptRegistration();
            if (last && registration != null && (readPending || config().isAutoRead())) {
                acceptThroughRing(registration); // ended by a cancel or a CQ overflow; an error waits for its pause
            }
        }

        @Override
        void readStopped() {
            if (ringAcceptor != null) {
                ringAcceptor.stop();
            }
        }

        /**
         * One accepted connection: one the ring accepted, else one accept4. A failure (EMFILE, ENFILE, ENOBUFS)
         * leaves connections queued and no new edge comes: the pass retries after a pause.
         */
        @Override
        ReadStep readStep(UepollRecvHandle handle, ChannelPipeline pipeline) throws Exception {
            MultishotAcceptor acceptor = ringAcceptor;
            if (acceptor != null && acceptor.hasWork()) {
                int fd = acceptor.take(); // connections come in order; the error that ended the accept last
                handle.lastBytesRead(1);
                handle.incMessagesRead(1);
                fireRead(pipeline, newChildChannel(fd, null, 0, 0));
                return ReadStep.MESSAGE;
            }
            if (ringAcceptRegistration() != null) {
                handle.lastBytesRead(-1);
                return ReadStep.WOULD_BLOCK; // nothing queued: the armed accept reports the next one
            }
            int fd = socket.accept(acceptedAddress);
            handle.lastBytesRead(fd == -1 ? -1 : 1);
            if (fd == -1) {
                return ReadStep.WOULD_BLOCK; // the backlog is empty
            }
            handle.incMessagesRead(1);
            fireRead(pipeline, newChildChannel(fd, acceptedAddress, 1, acceptedAddress[0]));
            return ReadStep.MESSAGE;
        }
    }
}
