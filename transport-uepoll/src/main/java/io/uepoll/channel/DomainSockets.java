package io.uepoll.channel;

import io.netty.channel.ChannelException;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.PeerCredentials;
import io.netty.channel.unix.Socket;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.internal.NativeSocket;
import io.uepoll.channel.internal.Sockaddrs;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.uepoll.channel.internal.LinuxConstants.*;

/**
 * What the domain-socket channels share: sockets made after the library is loaded, names read with
 * their exact length (abstract names keep their bytes), path checks before the kernel sees them,
 * and SO_PEERCRED.
 */
final class DomainSockets {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(DomainSockets.class);
    /** struct ucred: pid_t pid, uid_t uid, gid_t gid. */
    private static final int UCRED_SIZE = 12;
    private static final Constructor<PeerCredentials> PEER_CREDENTIALS;
    private static final Throwable PEER_CREDENTIALS_CAUSE;

    static {
        Constructor<PeerCredentials> constructor = null;
        Throwable cause = null;
        try {
            // PeerCredentials is made only by native code in Netty: its constructor is package-private.
            constructor = PeerCredentials.class.getDeclaredConstructor(int.class, int.class, int[].class);
            constructor.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            cause = e;
        }
        PEER_CREDENTIALS = constructor;
        PEER_CREDENTIALS_CAUSE = cause;
    }

    private DomainSockets() {
    }

    static Socket newStream() {
        Uepoll.ensureAvailability();
        return Socket.newSocketDomain();
    }

    static Socket newDatagram() {
        Uepoll.ensureAvailability();
        return Socket.newSocketDomainDgram();
    }

    /** The socket's own name; an empty path when it has none. */
    static DomainSocketAddress localAddress(Socket socket) {
        try {
            return name(socket, false);
        } catch (Errors.NativeIoException e) {
            throw new ChannelException("cannot read the name of " + socket, e);
        }
    }

    /** The peer's name (an empty path when the peer is unnamed), or null when not connected. */
    static DomainSocketAddress remoteAddress(Socket socket) {
        try {
            return name(socket, true);
        } catch (Errors.NativeIoException e) {
            if (e.expectedErr() == Errors.ERRNO_ENOTCONN_NEGATIVE) {
                return null;
            }
            throw new ChannelException("cannot read the peer name of " + socket, e);
        }
    }

    private static DomainSocketAddress name(Socket socket, boolean peer) throws Errors.NativeIoException {
        byte[] sunPath = new byte[Sockaddrs.SUN_PATH_SIZE];
        return Sockaddrs.unixAddress(sunPath, NativeSocket.unixName(socket.intValue(), peer, sunPath));
    }

    /**
     * Checks an address before the kernel sees it: a {@link DomainSocketAddress} whose path fits
     * {@code sun_path}; null passes.
     */
    static DomainSocketAddress checkAddress(SocketAddress address) {
        if (address == null) {
            return null;
        }
        if (!(address instanceof DomainSocketAddress)) {
            throw new IllegalArgumentException("expected a DomainSocketAddress, got " + address.getClass().getName()
                    + ": " + address);
        }
        Sockaddrs.unixPath((DomainSocketAddress) address);
        return (DomainSocketAddress) address;
    }

    /** True for a name that is a file in the file system (not abstract, not empty). */
    static boolean isPathName(DomainSocketAddress address) {
        return address != null && !address.path().isEmpty() && address.path().charAt(0) != '\0';
    }

    /** Deletes the socket file a listening or bound socket made, as Netty's epoll does on close. */
    static void deleteSocketFile(DomainSocketAddress address) {
        if (isPathName(address) && !new File(address.path()).delete()) {
            logger.debug("Failed to delete the domain socket file {}", address.path());
        }
    }

    /** SO_PEERCRED: the pid, uid and gid of the process that connected (or listened), as of connect. */
    static PeerCredentials peerCredentials(Socket socket) throws IOException {
        if (PEER_CREDENTIALS == null) {
            throw new UnsupportedOperationException("PeerCredentials cannot be made here", PEER_CREDENTIALS_CAUSE);
        }
        ByteBuffer ucred = ByteBuffer.allocate(UCRED_SIZE).order(ByteOrder.nativeOrder());
        try {
            socket.getRawOpt(SOL_SOCKET, SO_PEERCRED, ucred);
        } catch (ChannelException e) {
            throw new IOException("getsockopt SO_PEERCRED failed: " + e.getMessage(), e);
        }
        try {
            return PEER_CREDENTIALS.newInstance(ucred.getInt(0), ucred.getInt(4), new int[] {ucred.getInt(8)});
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make PeerCredentials", e);
        }
    }
}
