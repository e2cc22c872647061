package io.uepoll.channel;

import io.netty.channel.unix.Socket;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.UnresolvedAddressException;

import static io.netty.channel.unix.UnixChannelUtil.computeRemoteAddr;

/** IPv4 and IPv6 (TCP and UDP): names always come back from the kernel, which may pick the port. */
enum InetAddressing implements SocketAddressing {
    INSTANCE;

    /** Another address type passes: the kernel refuses it at bind or connect, as it does for Netty's epoll. */
    @Override
    public SocketAddress check(SocketAddress address) {
        if (address instanceof InetSocketAddress && ((InetSocketAddress) address).isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        return address;
    }

    @Override
    public SocketAddress localAddress(Socket socket) {
        return socket.localAddress();
    }

    @Override
    public SocketAddress remoteAddress(Socket socket) {
        return socket.remoteAddress();
    }

    /** The kernel's view: port 0 and the wildcard address are only known after bind or connect. */
    @Override
    public SocketAddress localAfter(Socket socket, SocketAddress requested) {
        return socket.localAddress();
    }

    /** Keeps the host name asked for, with the address and port the kernel connected to. */
    @Override
    public SocketAddress remoteAfterConnect(Socket socket, SocketAddress requested) {
        return requested instanceof InetSocketAddress
                ? computeRemoteAddr((InetSocketAddress) requested, socket.remoteAddress()) : requested;
    }

    @Override
    public void afterClose(SocketAddress local, boolean boundHere) {
        // Nothing outlives an inet socket.
    }
}
