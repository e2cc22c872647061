package io.uepoll.channel.internal;

/**
 * Tokens are what the kernel hands back with an event (io_uring user_data, epoll data, uitem data).
 * Callers use tokens in {@code [0, MAX_TOKEN]}; the top three bits of a 64-bit kernel word are the
 * ring's own (io_uring tells its request kinds apart with them), and {@link #WAKEUP} is reserved
 * for each ring's wakeup eventfd.
 */
public final class RingTokens {
    public static final long MAX_TOKEN = (1L << 61) - 2;
    /** The wakeup eventfd's token: never delivered to a sink. */
    static final long WAKEUP = MAX_TOKEN + 1;
    static final long TOKEN_MASK = (1L << 61) - 1;

    private RingTokens() {
    }

    public static long checkToken(long token) {
        if (token < 0 || token > MAX_TOKEN) {
            throw new IllegalArgumentException("token out of range [0, " + MAX_TOKEN + "]: " + token);
        }
        return token;
    }

    public static int checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must be >= 0: " + fd);
        }
        return fd;
    }
}
