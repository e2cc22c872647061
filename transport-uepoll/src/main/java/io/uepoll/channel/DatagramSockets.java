package io.uepoll.channel;

import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.Socket;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.internal.Native;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import static io.uepoll.channel.internal.LinuxConstants.*;

/** UDP sockets made after the library is loaded, their family, and what this kernel's UDP can do. */
final class DatagramSockets {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(DatagramSockets.class);

    static final InetAddress INET6_ANY;
    static final boolean IS_UDP_SEGMENT_SUPPORTED;
    static final boolean IS_UDP_GRO_SUPPORTED;

    static {
        try {
            INET6_ANY = InetAddress.getByAddress(new byte[16]);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
        IS_UDP_SEGMENT_SUPPORTED = Uepoll.isAvailable() && probe("UDP_SEGMENT", true);
        IS_UDP_GRO_SUPPORTED = Uepoll.isAvailable() && probe("UDP_GRO", false);
    }

    private DatagramSockets() {
    }

    /** Asks a fresh UDP socket: getsockopt UDP_SEGMENT (4.18) or setsockopt UDP_GRO off (5.0); ENOPROTOOPT means no. */
    private static boolean probe(String what, boolean segment) {
        Socket socket = Socket.newSocketDgram();
        try {
            if (segment) {
                socket.getIntOpt(SOL_UDP, UDP_SEGMENT);
            } else {
                socket.setIntOpt(SOL_UDP, UDP_GRO, 0);
            }
            return true;
        } catch (IOException e) {
            logger.debug("{} is not supported by this kernel", what, e);
            return false;
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                logger.debug("Failed to close the {} probe socket", what, e);
            }
        }
    }

    /** A UDP socket of {@code family}, or of the family the JVM prefers when null. */
    static Socket newDatagram(SocketProtocolFamily family) {
        Uepoll.ensureAvailability();
        return family == null ? Socket.newSocketDgram() : new Socket(DgramFactory.newFd(family));
    }

    static boolean isIpv6(Socket socket) {
        return SocketCalls.get(() -> socket.getIntOpt(SOL_SOCKET, SO_DOMAIN)) == AF_INET6;
    }

    static boolean isBound(Socket socket) {
        InetSocketAddress local = socket.localAddress();
        return local != null && local.getPort() != 0;
    }

    /** Reaches Socket's protected factories for an explicit family. */
    private static final class DgramFactory extends Socket {
        private DgramFactory() {
            super(-1);
        }

        static int newFd(SocketProtocolFamily family) {
            Native.ensureLoaded();
            return newSocketDgram0(family);
        }
    }
}
