package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.ServerDomainSocketChannel;
import io.netty.channel.unix.Socket;

import java.io.IOException;

import static io.uepoll.channel.internal.LinuxConstants.*;

/**
 * A listening Unix-domain stream socket on the uepoll transport; a drop-in for Netty's
 * {@code EpollServerDomainSocketChannel}. A path name it bound is deleted when it closes (an
 * adopted fd's file is left alone); abstract names vanish with the socket.
 */
public final class UepollServerDomainSocketChannel extends AbstractUepollServerChannel
        implements ServerDomainSocketChannel {

    private final UepollServerDomainSocketChannelConfig config;

    public UepollServerDomainSocketChannel() {
        this(DomainSockets.newStream(), false);
    }

    /** Adopts an existing AF_UNIX stream socket fd; active when it already listens. */
    public UepollServerDomainSocketChannel(int fd) {
        this(new Socket(fd), isListening(new Socket(fd)));
    }

    private UepollServerDomainSocketChannel(Socket socket, boolean active) {
        super(socket, DomainAddressing.DELETES_SOCKET_FILE, active);
        config = new UepollServerDomainSocketChannelConfig(this, socket);
    }

    private static boolean isListening(Socket socket) {
        return SocketCalls.get(() -> socket.getIntOpt(SOL_SOCKET, SO_ACCEPTCONN)) != 0;
    }

    @Override
    Channel newChildChannel(int fd, byte[] address, int offset, int len) throws IOException {
        return new UepollDomainSocketChannel(this, new Socket(fd));
    }

    @Override
    public UepollServerDomainSocketChannelConfig config() {
        return config;
    }

    @Override
    public DomainSocketAddress localAddress() {
        return (DomainSocketAddress) super.localAddress();
    }

    @Override
    public DomainSocketAddress remoteAddress() {
        return (DomainSocketAddress) super.remoteAddress();
    }
}
