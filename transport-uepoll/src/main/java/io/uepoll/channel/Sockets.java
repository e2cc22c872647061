package io.uepoll.channel;

import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.Socket;
import io.uepoll.channel.internal.Native;

/** Creates sockets only after the native library (which binds unix-common's natives) is loaded. */
final class Sockets {
    private Sockets() {
    }

    static Socket newStream() {
        Uepoll.ensureAvailability();
        return OwnedSocket.newStream();
    }

    static Socket newStream(SocketProtocolFamily family) {
        Uepoll.ensureAvailability();
        Native.ensureLoaded();
        return OwnedSocket.newStream(family);
    }

    /** Whether a connect of {@code socket} to {@code address} takes a sockaddr_in6, as Netty's Socket.connect decides. */
    static boolean connectsIpv6(Socket socket, java.net.InetAddress address) {
        return OwnedSocket.connectsIpv6(socket, address);
    }
}
