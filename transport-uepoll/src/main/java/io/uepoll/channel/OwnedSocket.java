package io.uepoll.channel;

import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.Socket;

/**
 * A TCP socket this transport created or accepted. Its fd may be closed by the loop's ring (a close
 * queued behind the cancels of its requests); then only its Java state is marked closed here, so
 * nothing calls close(2) on the number again.
 */
final class OwnedSocket extends Socket {
    OwnedSocket(int fd) {
        super(fd);
    }

    static OwnedSocket newStream() {
        return new OwnedSocket(newSocketStream0());
    }

    static OwnedSocket newStream(SocketProtocolFamily family) {
        return new OwnedSocket(newSocketStream0(family));
    }

    static boolean connectsIpv6(Socket socket, java.net.InetAddress address) {
        return useIpv6(socket, address);
    }

    /** The ring took over the close: true when this call marked it closed (false: closed before). */
    boolean closedByRing() {
        return markClosed();
    }
}
