package io.uepoll.channel;

import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;

import java.net.SocketAddress;

/**
 * Unix-domain sockets: a {@link DomainSocketAddress} that fits {@code sun_path}; the name asked for is
 * kept as given (abstract names keep their bytes). A path name is a file that outlives the socket: the
 * two constants differ only in whether closing deletes the file this channel made.
 */
enum DomainAddressing implements SocketAddressing {
    /** Stream connections: a path a client bound to is left in place, as Netty's EpollDomainSocketChannel does. */
    LEAVES_SOCKET_FILE,
    /** Listening and datagram sockets: the file they made by bind (or a connect's bind) goes when they close. */
    DELETES_SOCKET_FILE;

    @Override
    public SocketAddress check(SocketAddress address) {
        return DomainSockets.checkAddress(address);
    }

    @Override
    public SocketAddress localAddress(Socket socket) {
        return DomainSockets.localAddress(socket);
    }

    @Override
    public SocketAddress remoteAddress(Socket socket) {
        return DomainSockets.remoteAddress(socket);
    }

    @Override
    public SocketAddress localAfter(Socket socket, SocketAddress requested) {
        return requested != null ? requested : DomainSockets.localAddress(socket);
    }

    /** AF_UNIX connects to exactly the name asked for. */
    @Override
    public SocketAddress remoteAfterConnect(Socket socket, SocketAddress requested) {
        return requested;
    }

    /** Only a file this channel made: an adopted fd's file belongs to whoever bound it. */
    @Override
    public void afterClose(SocketAddress local, boolean boundHere) {
        if (this == DELETES_SOCKET_FILE && boundHere) {
            DomainSockets.deleteSocketFile((DomainSocketAddress) local);
        }
    }
}
