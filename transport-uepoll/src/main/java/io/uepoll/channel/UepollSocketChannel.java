package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.Socket;

import io.uepoll.channel.internal.NativeSockopt;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A TCP socket on the uepoll transport; a drop-in for Netty's {@code EpollSocketChannel}. */
public final class UepollSocketChannel extends AbstractUepollStreamChannel implements SocketChannel {
    private final UepollSocketChannelConfig config;

    public UepollSocketChannel() {
        this(Sockets.newStream(), false);
    }

    public UepollSocketChannel(SocketProtocolFamily family) {
        this(Sockets.newStream(family), false);
    }

    /** Adopts an existing socket fd (connected or not). */
    public UepollSocketChannel(int fd) {
        this(new Socket(fd), isConnected(new Socket(fd)));
    }

    private UepollSocketChannel(Socket socket, boolean active) {
        super(socket, InetAddressing.INSTANCE, active);
        config = new UepollSocketChannelConfig(this, socket);
        lingerMaybeSet = !ownsSocket(); // a socket of ours starts without SO_LINGER; an adopted one may have it
    }

    UepollSocketChannel(Channel parent, Socket socket, InetSocketAddress remote, boolean lingerInherited) {
        super(parent, socket, InetAddressing.INSTANCE, remote);
        config = new UepollSocketChannelConfig(this, socket);
        lingerMaybeSet = lingerInherited;
    }

    private static boolean isConnected(Socket socket) {
        return isSoErrorZero(socket) && socket.remoteAddress() != null;
    }

    /** The connection's TCP_INFO, read now into a new {@link UepollTcpInfo}. */
    public UepollTcpInfo tcpInfo() {
        return tcpInfo(new UepollTcpInfo());
    }

    /** Reads the connection's TCP_INFO into {@code info} and returns it. */
    public UepollTcpInfo tcpInfo(UepollTcpInfo info) {
        try {
            NativeSockopt.tcpInfo(socket.intValue(), info.raw);
            return info;
        } catch (IOException e) {
            throw new ChannelException("reading TCP_INFO failed: " + e.getMessage(), e);
        }
    }

    @Override
    public UepollSocketChannelConfig config() {
        return config;
    }

    @Override
    public ServerSocketChannel parent() {
        return (ServerSocketChannel) super.parent();
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
