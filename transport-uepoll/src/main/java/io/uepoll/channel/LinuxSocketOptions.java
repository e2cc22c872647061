package io.uepoll.channel;

import io.netty.channel.ChannelOption;
import io.netty.channel.unix.Socket;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.uepoll.channel.internal.LinuxConstants.*;

/**
 * The Linux options that are one setsockopt of an int each: one table from {@link ChannelOption} to
 * (level, name, Java type, accepted range), instead of a getter and a setter per option. The range
 * keeps out what the kernel would silently misread (a uint32 from a negative long, a negative
 * TCP_DEFER_ACCEPT read as 0); values the kernel itself judges (TCP_KEEPCNT 0) go to it, and its
 * refusal names the option and the value.
 */
final class LinuxSocketOptions {
    private static final long UINT32_MAX = 0xffffffffL;

    enum Type { BOOLEAN, INTEGER, LONG }

    record IntOption(int level, int name, Type type, long min, long max) {
        static IntOption bool(int level, int name) {
            return new IntOption(level, name, Type.BOOLEAN, 0, 1);
        }

        /** Any int: the kernel judges the value. */
        static IntOption integer(int level, int name) {
            return integer(level, name, Integer.MIN_VALUE);
        }

        static IntOption integer(int level, int name, int min) {
            return new IntOption(level, name, Type.INTEGER, min, Integer.MAX_VALUE);
        }

        static IntOption uint32(int level, int name) {
            return new IntOption(level, name, Type.LONG, 0, UINT32_MAX);
        }

        Object get(Socket socket, ChannelOption<?> option) {
            int raw = SocketCalls.get(option, () -> socket.getIntOpt(level, name));
            switch (type) {
                case BOOLEAN: return raw != 0;
                case LONG: return Integer.toUnsignedLong(raw);
                default: return raw;
            }
        }

        /** {@code value} has the option's type (checked by the config's validate). */
        void set(Socket socket, ChannelOption<?> option, Object value) {
            int raw = type == Type.BOOLEAN ? ((Boolean) value ? 1 : 0)
                    : (int) OptionValues.checkRange(option, ((Number) value).longValue(), min, max);
            SocketCalls.set(option, value, () -> socket.setIntOpt(level, name, raw));
        }
    }

    /** Options of TCP client and accepted sockets. */
    static final Map<ChannelOption<?>, IntOption> TCP = new LinkedHashMap<>();
    /** Options of TCP listening sockets. */
    static final Map<ChannelOption<?>, IntOption> TCP_SERVER = new LinkedHashMap<>();
    /** Options of UDP sockets. */
    static final Map<ChannelOption<?>, IntOption> UDP = new LinkedHashMap<>();

    static {
        IntOption reusePort = IntOption.bool(SOL_SOCKET, SO_REUSEPORT);
        IntOption transparent = IntOption.bool(SOL_IP, IP_TRANSPARENT);
        IntOption freebind = IntOption.bool(SOL_IP, IP_FREEBIND);
        IntOption busyPoll = IntOption.integer(SOL_SOCKET, SO_BUSY_POLL);
        TCP.put(UepollChannelOption.SO_REUSEPORT, reusePort);
        TCP.put(UepollChannelOption.TCP_CORK, IntOption.bool(SOL_TCP, TCP_CORK));
        TCP.put(UepollChannelOption.TCP_KEEPIDLE, IntOption.integer(SOL_TCP, TCP_KEEPIDLE));
        TCP.put(UepollChannelOption.TCP_KEEPINTVL, IntOption.integer(SOL_TCP, TCP_KEEPINTVL));
        TCP.put(UepollChannelOption.TCP_KEEPCNT, IntOption.integer(SOL_TCP, TCP_KEEPCNT));
        TCP.put(UepollChannelOption.TCP_QUICKACK, IntOption.bool(SOL_TCP, TCP_QUICKACK));
        TCP.put(UepollChannelOption.TCP_USER_TIMEOUT, IntOption.integer(SOL_TCP, TCP_USER_TIMEOUT));
        TCP.put(UepollChannelOption.TCP_NOTSENT_LOWAT, IntOption.uint32(SOL_TCP, TCP_NOTSENT_LOWAT));
        TCP.put(UepollChannelOption.TCP_FASTOPEN_CONNECT, IntOption.bool(SOL_TCP, TCP_FASTOPEN_CONNECT));
        TCP.put(UepollChannelOption.IP_TRANSPARENT, transparent);
        TCP.put(UepollChannelOption.IP_FREEBIND, freebind);
        TCP.put(UepollChannelOption.IP_BIND_ADDRESS_NO_PORT, IntOption.bool(SOL_IP, IP_BIND_ADDRESS_NO_PORT));
        TCP.put(UepollChannelOption.SO_BUSY_POLL, busyPoll);

        TCP_SERVER.put(UepollChannelOption.SO_REUSEPORT, reusePort);
        // Netty checks the fast-open queue length with checkPositiveOrZero.
        TCP_SERVER.put(UepollChannelOption.TCP_FASTOPEN, IntOption.integer(SOL_TCP, TCP_FASTOPEN, 0));
        TCP_SERVER.put(UepollChannelOption.TCP_DEFER_ACCEPT, IntOption.integer(SOL_TCP, TCP_DEFER_ACCEPT, 0));
        TCP_SERVER.put(UepollChannelOption.IP_TRANSPARENT, transparent);
        TCP_SERVER.put(UepollChannelOption.IP_FREEBIND, freebind);
        TCP_SERVER.put(UepollChannelOption.SO_BUSY_POLL, busyPoll);

        UDP.put(UepollChannelOption.SO_REUSEPORT, reusePort);
        UDP.put(UepollChannelOption.IP_TRANSPARENT, transparent);
        UDP.put(UepollChannelOption.IP_FREEBIND, freebind);
        UDP.put(UepollChannelOption.SO_BUSY_POLL, busyPoll);
        UDP.put(UepollChannelOption.UDP_GRO, IntOption.bool(SOL_UDP, UDP_GRO));
    }

    private LinuxSocketOptions() {
    }
}
