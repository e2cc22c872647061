package io.uepoll.channel;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.Socket;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Linux options that are one setsockopt of an int each: one table from {@link ChannelOption} to
 * (level, name, Java type), instead of a getter and a setter per option.
 */
final class LinuxSocketOptions {
    private static final int SOL_SOCKET = 1;
    private static final int IPPROTO_IP = 0;
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_UDP = 17;

    enum Type { BOOLEAN, INTEGER, LONG }

    record IntOption(int level, int name, Type type) {
        Object get(Socket socket) throws IOException {
            int raw = socket.getIntOpt(level, name);
            switch (type) {
                case BOOLEAN: return raw != 0;
                case LONG: return Integer.toUnsignedLong(raw);
                default: return raw;
            }
        }

        void set(Socket socket, Object value) throws IOException {
            int raw;
            switch (type) {
                case BOOLEAN: raw = (Boolean) value ? 1 : 0; break;
                case LONG: raw = (int) Math.min((Long) value, 0xffffffffL); break;
                default: raw = (Integer) value;
            }
            socket.setIntOpt(level, name, raw);
        }
    }

    /** Options of TCP client and accepted sockets. */
    static final Map<ChannelOption<?>, IntOption> TCP = new LinkedHashMap<>();
    /** Options of TCP listening sockets. */
    static final Map<ChannelOption<?>, IntOption> TCP_SERVER = new LinkedHashMap<>();
    /** Options of UDP sockets. */
    static final Map<ChannelOption<?>, IntOption> UDP = new LinkedHashMap<>();

    static {
        IntOption reusePort = new IntOption(SOL_SOCKET, 15, Type.BOOLEAN);
        IntOption transparent = new IntOption(IPPROTO_IP, 19, Type.BOOLEAN);
        IntOption freebind = new IntOption(IPPROTO_IP, 15, Type.BOOLEAN);
        IntOption busyPoll = new IntOption(SOL_SOCKET, 46, Type.INTEGER);
        TCP.put(UepollChannelOption.SO_REUSEPORT, reusePort);
        TCP.put(UepollChannelOption.TCP_CORK, new IntOption(IPPROTO_TCP, 3, Type.BOOLEAN));
        TCP.put(UepollChannelOption.TCP_KEEPIDLE, new IntOption(IPPROTO_TCP, 4, Type.INTEGER));
        TCP.put(UepollChannelOption.TCP_KEEPINTVL, new IntOption(IPPROTO_TCP, 5, Type.INTEGER));
        TCP.put(UepollChannelOption.TCP_KEEPCNT, new IntOption(IPPROTO_TCP, 6, Type.INTEGER));
        TCP.put(UepollChannelOption.TCP_QUICKACK, new IntOption(IPPROTO_TCP, 12, Type.BOOLEAN));
        TCP.put(UepollChannelOption.TCP_USER_TIMEOUT, new IntOption(IPPROTO_TCP, 18, Type.INTEGER));
        TCP.put(UepollChannelOption.TCP_NOTSENT_LOWAT, new IntOption(IPPROTO_TCP, 25, Type.LONG));
        TCP.put(UepollChannelOption.TCP_FASTOPEN_CONNECT, new IntOption(IPPROTO_TCP, 30, Type.BOOLEAN));
        TCP.put(UepollChannelOption.IP_TRANSPARENT, transparent);
        TCP.put(UepollChannelOption.IP_FREEBIND, freebind);
        TCP.put(UepollChannelOption.SO_BUSY_POLL, busyPoll);

        TCP_SERVER.put(UepollChannelOption.SO_REUSEPORT, reusePort);
        TCP_SERVER.put(UepollChannelOption.TCP_FASTOPEN, new IntOption(IPPROTO_TCP, 23, Type.INTEGER));
        TCP_SERVER.put(UepollChannelOption.IP_TRANSPARENT, transparent);
        TCP_SERVER.put(UepollChannelOption.IP_FREEBIND, freebind);
        TCP_SERVER.put(UepollChannelOption.SO_BUSY_POLL, busyPoll);

        UDP.put(UepollChannelOption.SO_REUSEPORT, reusePort);
        UDP.put(UepollChannelOption.IP_TRANSPARENT, transparent);
        UDP.put(UepollChannelOption.IP_FREEBIND, freebind);
        UDP.put(UepollChannelOption.SO_BUSY_POLL, busyPoll);
        UDP.put(UepollChannelOption.UDP_GRO, new IntOption(IPPROTO_UDP, 104, Type.BOOLEAN));
    }

    private LinuxSocketOptions() {
    }

    static Object get(Socket socket, IntOption option, ChannelOption<?> name) {
        try {
            return option.get(socket);
        } catch (IOException e) {
            throw new ChannelException("getsockopt " + name + " failed", e);
        }
    }

    static void set(Socket socket, IntOption option, ChannelOption<?> name, Object value) {
        try {
            option.set(socket, value);
        } catch (IOException e) {
            throw new ChannelException("setsockopt " + name + "=" + value + " failed", e);
        }
    }
}
