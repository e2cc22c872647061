package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.ServerDomainSocketChannel;
import io.netty.channel.unix.Socket;

import java.io.IOException;
import java.net.SocketAddress;

import static io.uepoll.channel.internal.LinuxConstants.*;

/**
 * A listening Unix-domain stream socket on the uepoll transport; a drop-in for Netty's
 * {@code EpollServerDomainSocketChannel}. A path name it bound is deleted when it closes (an
 * adopted fd's file is left alone); abstract names vanish with the socket.
 */
public final class UepollServerDomainSocketChannel extends AbstractUepollServerChannel
        implements ServerDomainSocketChannel {

    private final UepollServerDomainSocketChannelConfig config;
    private volatile DomainSocketAddress local;
    private volatile boolean boundHere;

    public UepollServerDomainSocketChannel() {
        this(DomainSockets.newStream(), false);
    }

    /** Adopts an existing AF_UNIX stream socket fd; active when it already listens. */
    public UepollServerDomainSocketChannel(int fd) {
        this(new Socket(fd), isListening(new Socket(fd)));
    }

    private UepollServerDomainSocketChannel(Socket socket, boolean active) {
        super(socket, active);
        config = new UepollServerDomainSocketChannelConfig(this, socket);
        if (active) {
            local = DomainSockets.localAddress(socket);
        }
    }

    private static boolean isListening(Socket socket) {
        return SocketCalls.get(() -> socket.getIntOpt(SOL_SOCKET, SO_ACCEPTCONN)) != 0;
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        DomainSocketAddress address = DomainSockets.checkAddress(localAddress);
        socket.bind(address);
        boundHere = true;
        local = address;
        socket.listen(config.getBacklog());
        active = true;
    }

    @Override
    protected void doClose() throws Exception {
        try {
            super.doClose();
        } finally {
            if (boundHere) {
                DomainSockets.deleteSocketFile(local);
            }
        }
    }

    @Override
    Channel newChildChannel(int fd, byte[] address, int offset, int len) throws IOException {
        return new UepollDomainSocketChannel(this, new Socket(fd));
    }

    @Override
    protected DomainSocketAddress localAddress0() {
        return local;
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
