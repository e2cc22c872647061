package io.uepoll.channel.internal;

import io.netty.channel.unix.Errors;

import java.io.IOException;
import java.net.InetAddress;

/**
 * The socket options whose value is a struct: TCP_MD5SIG (set only) and TCP_INFO (read only). Java
 * lays the bytes out ({@link TcpMd5SigLayout}, {@link TcpInfoLayout}); each {@code xxx0} only makes
 * the call and returns {@code -errno}, and the wrapper names the option in its exception.
 */
public final class NativeSockopt {
    static {
        Native.ensureLoaded();
    }

    private NativeSockopt() {
    }

    /**
     * Sets (or, with an empty key, deletes) the TCP_MD5SIG key for segments to and from {@code peer};
     * an IPv4 peer of an IPv6 socket is keyed by its mapped form, as the kernel expects.
     */
    public static void setTcpMd5Sig(int fd, boolean ipv6Socket, InetAddress peer, byte[] key) throws IOException {
        byte[] struct = TcpMd5SigLayout.encode(peer, key, ipv6Socket);
        int res = setsockopt0(fd, LinuxConstants.SOL_TCP, LinuxConstants.TCP_MD5SIG, struct);
        if (res < 0) {
            throw Errors.newIOException("setsockopt(TCP_MD5SIG)", res);
        }
    }

    /** Reads TCP_INFO into {@code out} (at least {@link TcpInfoLayout#SIZE} bytes); returns the bytes the kernel wrote. */
    public static int tcpInfo(int fd, byte[] out) throws IOException {
        int res = getsockopt0(fd, LinuxConstants.SOL_TCP, LinuxConstants.TCP_INFO, out);
        if (res < 0) {
            throw Errors.newIOException("getsockopt(TCP_INFO)", res);
        }
        return res;
    }

    /** Sizes, offsets and constants as C sees them: {@link TcpMd5SigLayout#EXPECTED_C_LAYOUT}, then {@link TcpInfoLayout#EXPECTED_C_LAYOUT}. */
    static int[] layout() {
        return layout0();
    }

    private static native int setsockopt0(int fd, int level, int name, byte[] value);

    private static native int getsockopt0(int fd, int level, int name, byte[] out);

    private static native int[] layout0();
}
