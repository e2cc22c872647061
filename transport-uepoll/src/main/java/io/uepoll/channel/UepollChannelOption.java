package io.uepoll.channel;

import io.netty.channel.ChannelOption;
import io.netty.channel.unix.UnixChannelOption;

/**
 * Linux socket options of the uepoll transport, the ones people use from Netty's
 * {@code EpollChannelOption}. Each is applied with setsockopt where the kernel supports it; a
 * kernel that lacks one reports the error when the option is set.
 */
public final class UepollChannelOption<T> extends UnixChannelOption<T> {
    /** TCP_CORK: hold partial frames until uncorked or 200 ms pass. */
    public static final ChannelOption<Boolean> TCP_CORK = valueOf(UepollChannelOption.class, "TCP_CORK");
    /** TCP_NOTSENT_LOWAT: bytes of unsent data above which the socket is not writable. */
    public static final ChannelOption<Long> TCP_NOTSENT_LOWAT = valueOf(UepollChannelOption.class, "TCP_NOTSENT_LOWAT");
    public static final ChannelOption<Integer> TCP_KEEPIDLE = valueOf(UepollChannelOption.class, "TCP_KEEPIDLE");
    public static final ChannelOption<Integer> TCP_KEEPINTVL = valueOf(UepollChannelOption.class, "TCP_KEEPINTVL");
    public static final ChannelOption<Integer> TCP_KEEPCNT = valueOf(UepollChannelOption.class, "TCP_KEEPCNT");
    /** TCP_USER_TIMEOUT in milliseconds. */
    public static final ChannelOption<Integer> TCP_USER_TIMEOUT = valueOf(UepollChannelOption.class, "TCP_USER_TIMEOUT");
    public static final ChannelOption<Boolean> TCP_QUICKACK = valueOf(UepollChannelOption.class, "TCP_QUICKACK");
    /** TCP_FASTOPEN on a server: the queue length of pending fast-open requests (Netty's own option). */
    public static final ChannelOption<Integer> TCP_FASTOPEN = ChannelOption.TCP_FASTOPEN;
    /** TCP_FASTOPEN_CONNECT on a client (Netty's own option). */
    public static final ChannelOption<Boolean> TCP_FASTOPEN_CONNECT = ChannelOption.TCP_FASTOPEN_CONNECT;
    public static final ChannelOption<Boolean> IP_TRANSPARENT = valueOf(UepollChannelOption.class, "IP_TRANSPARENT");
    public static final ChannelOption<Boolean> IP_FREEBIND = valueOf(UepollChannelOption.class, "IP_FREEBIND");
    /** SO_BUSY_POLL: microseconds to busy-poll the device queue on a blocking receive. */
    public static final ChannelOption<Integer> SO_BUSY_POLL = valueOf(UepollChannelOption.class, "SO_BUSY_POLL");

    @SuppressWarnings({"unused", "deprecation"})
    private UepollChannelOption() {
    }
}
