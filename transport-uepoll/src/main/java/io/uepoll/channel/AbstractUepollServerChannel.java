package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.Socket;

import java.net.SocketAddress;

/** The accept loop of listening sockets, edge-triggered: accept until EAGAIN or the read budget. */
abstract class AbstractUepollServerChannel extends AbstractUepollChannel implements ServerChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

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

    /** Wraps an accepted fd; {@code address} holds the peer address as unix-common's accept() wrote it. */
    abstract Channel newChildChannel(int fd, byte[] address, int offset, int len) throws Exception;

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

        /**
         * One accepted connection. A failure (EMFILE, ENFILE, ENOBUFS) leaves connections queued and no new
         * edge comes: the pass retries after a pause.
         */
        @Override
        ReadStep readStep(UepollRecvHandle handle, ChannelPipeline pipeline) throws Exception {
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
