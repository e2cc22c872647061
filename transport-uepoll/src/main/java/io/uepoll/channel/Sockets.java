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
        return Socket.newSocketStream();
    }

    static Socket newStream(SocketProtocolFamily family) {
        Uepoll.ensureAvailability();
        return new Socket(StreamFactory.newFd(family));
    }

    /** Whether a connect of {@code socket} to {@code address} takes a sockaddr_in6, as Netty's Socket.connect decides. */
    static boolean connectsIpv6(Socket socket, java.net.InetAddress address) {
        return StreamFactory.connectsIpv6(socket, address);
    }

    /** Reaches Socket's protected factories for an explicit family. */
    private static final class StreamFactory extends Socket {
        private StreamFactory() {
            super(-1);
        }

        static boolean connectsIpv6(Socket socket, java.net.InetAddress address) {
            return useIpv6(socket, address);
        }

        static int newFd(SocketProtocolFamily family) {
            Native.ensureLoaded();
            return newSocketStream0(family);
        }
    }
}
