package io.uepoll.channel.internal;

import io.netty.channel.unix.Errors;

/**
 * The socket natives of the domain-socket and datagram channels, beside {@link Native}'s ring
 * natives: each {@code xxx0} returns the kernel's result or {@code -errno}, and the wrapper beside
 * it turns an error into an exception naming the call.
 */
public final class NativeSocket {
    static {
        Native.ensureLoaded();
    }

    private NativeSocket() {
    }

    /**
     * Copies the raw sun_path bytes of the socket's own name ({@code peer} false) or its peer's name
     * into {@code sunPath} (at least 108 bytes) and returns how many there are; 0 when unnamed.
     */
    public static int unixName(int fd, boolean peer, byte[] sunPath) throws Errors.NativeIoException {
        int res = unixName0(fd, peer, sunPath);
        if (res < 0) {
            throw Errors.newIOException(peer ? "getpeername" : "getsockname", res);
        }
        return res;
    }

    /** The raw sendmmsg result: messages sent, or a negative errno (the first message's error). */
    static int sendmmsgRaw(int fd, long msgvecAddress, int vlen) {
        return sendmmsg0(fd, msgvecAddress, vlen);
    }

    /** The raw recvmmsg result: messages received, or a negative errno. */
    static int recvmmsgRaw(int fd, long msgvecAddress, int vlen) {
        return recvmmsg0(fd, msgvecAddress, vlen);
    }

    /** Sizes, offsets and constants as C sees them, in the order of {@link SocketLayout#EXPECTED_C_LAYOUT}. */
    static int[] layout() {
        return socketLayout0();
    }

    private static native int unixName0(int fd, boolean peer, byte[] sunPath);

    private static native int sendmmsg0(int fd, long msgvecAddress, int vlen);

    private static native int recvmmsg0(int fd, long msgvecAddress, int vlen);

    private static native int[] socketLayout0();
}
