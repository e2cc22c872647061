package io.uepoll.channel;

import io.netty.channel.ChannelOption;
import io.netty.channel.unix.UnixChannelOption;

import java.net.InetAddress;
import java.util.Map;

/**
 * Linux socket options of the uepoll transport, the ones people use from Netty's
 * {@code EpollChannelOption}. Each is applied with setsockopt where the kernel supports it; a
 * kernel that lacks one reports the error when the option is set. Netty's {@code EpollChannelOption}
 * constants are accepted too and mean the same as the constant of the same name here.
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
    /**
     * TCP_DEFER_ACCEPT on a server: seconds to wait for the first data before a connection is handed to
     * accept (the kernel rounds to its retransmission steps: 1, 3, 7, 15... read back as such).
     */
    public static final ChannelOption<Integer> TCP_DEFER_ACCEPT = valueOf(UepollChannelOption.class, "TCP_DEFER_ACCEPT");
    /** IP_BIND_ADDRESS_NO_PORT on a client: bind picks the address only; the port is chosen at connect. */
    public static final ChannelOption<Boolean> IP_BIND_ADDRESS_NO_PORT =
            valueOf(UepollChannelOption.class, "IP_BIND_ADDRESS_NO_PORT");
    /**
     * IP_MULTICAST_ALL (and IPV6_MULTICAST_ALL) on a datagram channel: receive every group any socket
     * on the host joined for this port. Off by default here, as in NIO (the kernel's default is on).
     */
    public static final ChannelOption<Boolean> IP_MULTICAST_ALL = valueOf(UepollChannelOption.class, "IP_MULTICAST_ALL");
    /**
     * TCP_MD5SIG (RFC 2385) on a TCP socket or server: the key (1 to 80 bytes) of each peer address.
     * Each set replaces the whole map: peers missing from it lose their key. Keys cannot be read back.
     */
    public static final ChannelOption<Map<InetAddress, byte[]>> TCP_MD5SIG = valueOf(UepollChannelOption.class, "TCP_MD5SIG");
    /** SO_BUSY_POLL: microseconds to busy-poll the device queue on a blocking receive. */
    public static final ChannelOption<Integer> SO_BUSY_POLL = valueOf(UepollChannelOption.class, "SO_BUSY_POLL");

    /**
     * UDP_GRO: let the kernel hand several datagrams of one flow over as one (up to 64 KiB); the
     * channel splits them again, so the pipeline still sees one DatagramPacket per datagram. Give the
     * channel receive buffers big enough for a coalesced batch, or its tail is lost.
     */
    public static final ChannelOption<Boolean> UDP_GRO = valueOf(UepollChannelOption.class, "UDP_GRO");
    /**
     * Batched receive for datagram channels: when above 0, each receive buffer is cut into slots of
     * this many bytes, filled by one recvmmsg (up to 64 datagrams a call). 0 (the default) reads one
     * datagram into each buffer.
     */
    public static final ChannelOption<Integer> MAX_DATAGRAM_PAYLOAD_SIZE =
            valueOf(UepollChannelOption.class, "MAX_DATAGRAM_PAYLOAD_SIZE");
    /**
     * Batched send for datagram channels: how many flushed datagrams one sendmmsg carries, 1 to 64
     * (default 64); 1 sends each datagram with its own syscall.
     */
    public static final ChannelOption<Integer> DATAGRAM_SEND_BATCH = valueOf(UepollChannelOption.class, "DATAGRAM_SEND_BATCH");
    /**
     * IP_RECVORIGDSTADDR (and IPV6_RECVORIGDSTADDR on IPv6 sockets): each DatagramPacket's recipient
     * is the address the datagram was sent to (with IP_TRANSPARENT, the intercepted destination)
     * instead of the channel's local address.
     */
    public static final ChannelOption<Boolean> IP_RECVORIGDSTADDR = valueOf(UepollChannelOption.class, "IP_RECVORIGDSTADDR");

    @SuppressWarnings({"unused", "deprecation"})
    private UepollChannelOption() {
    }
}
