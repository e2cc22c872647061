package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.NativeInetAddress;
import io.netty.channel.unix.Socket;

import java.net.InetSocketAddress;

/** A TCP listening socket on the uepoll transport; a drop-in for Netty's {@code EpollServerSocketChannel}. */
public final class UepollServerSocketChannel extends AbstractUepollServerChannel implements ServerSocketChannel {
    private final UepollServerSocketChannelConfig config;

    public UepollServerSocketChannel() {
        this(Sockets.newStream());
    }

    public UepollServerSocketChannel(SocketProtocolFamily family) {
        this(Sockets.newStream(family));
    }

    /** Adopts an existing listening (or unbound) socket fd. */
    public UepollServerSocketChannel(int fd) {
        this(new Socket(fd));
    }

    private UepollServerSocketChannel(Socket socket) {
        super(socket, InetAddressing.INSTANCE, isSoErrorZero(socket) && socket.localAddress() != null && socket.localAddress().getPort() != 0);
        config = new UepollServerSocketChannelConfig(this, socket);
    }

    @Override
    Channel newChildChannel(int fd, byte[] address, int offset, int len) {
        // No address: accepted through the ring; the child asks for its peer when someone wants it.
        // Connections inherit the listener's SO_LINGER: ours never set it, an adopted one may have.
        return new UepollSocketChannel(this, new OwnedSocket(fd),
                address == null ? null : NativeInetAddress.address(address, offset, len), !ownsSocket());
    }

    @Override
    public UepollServerSocketChannelConfig config() {
        return config;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }
}
