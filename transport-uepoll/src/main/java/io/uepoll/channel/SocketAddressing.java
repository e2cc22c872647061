package io.uepoll.channel;

import io.netty.channel.unix.Socket;

import java.net.SocketAddress;

/**
 * An address family's part in bind, connect and close: which addresses the kernel may be handed, how
 * the socket's names are read back, and what a closed socket leaves behind. {@link AbstractUepollChannel}
 * holds one of these and the channel's only local and remote address, so a concrete channel states its
 * family instead of repeating bind and connect. Implementations are stateless singletons.
 */
interface SocketAddressing {
    /**
     * Checks a bind or connect address before the kernel sees it, so a wrong one fails with a clear
     * exception instead of an errno; null passes (a connect without a local address).
     */
    SocketAddress check(SocketAddress address);

    /** The socket's own name, read from the kernel. */
    SocketAddress localAddress(Socket socket);

    /** The peer's name, read from the kernel; null when not connected. */
    SocketAddress remoteAddress(Socket socket);

    /** The local address to remember after a bind or connect; {@code requested} is the checked local address or null. */
    SocketAddress localAfter(Socket socket, SocketAddress requested);

    /** The remote address to remember once a connect to the checked {@code requested} address completed. */
    SocketAddress remoteAfterConnect(Socket socket, SocketAddress requested);

    /** Runs after the socket is closed; {@code boundHere}: this channel named the socket (an adopted fd did not). */
    void afterClose(SocketAddress local, boolean boundHere);
}
