package io.uepoll.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.EventLoopTestSupport.assumeRing;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Linux options on live channels of each ring: Netty's EpollChannelOption names mean ours, the
 * options added for parity with Netty's epoll transport round-trip and take effect, TCP_INFO reads a
 * real connection and TCP_MD5SIG signs one.
 */
class LinuxOptionsOnRingTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final byte[] KEY = "a shared md5 secret".getBytes(CharsetUtil.US_ASCII);

    /** Kernels built without CONFIG_TCP_MD5SIG (the QEMU guest's) refuse the option with ENOPROTOOPT. */
    private static final boolean KERNEL_HAS_TCP_MD5SIG = kernelHasTcpMd5Sig();

    private EventLoopGroup group;

    private static boolean kernelHasTcpMd5Sig() {
        UepollSocketChannel probe = new UepollSocketChannel();
        try {
            probe.config().setOption(UepollChannelOption.TCP_MD5SIG, Map.of(LOOPBACK, KEY));
            return true;
        } catch (io.netty.channel.ChannelException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).contains("Protocol not available")) {
                    return false;
                }
            }
            throw e;
        } finally {
            probe.unsafe().closeForcibly();
        }
    }
    private final List<Channel> opened = new ArrayList<>();

    @AfterEach
    void shutdown() throws InterruptedException {
        opened.forEach(Channel::close);
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    private EventLoopGroup group(UepollRing ring) {
        assumeRing(ring);
        group = new UepollEventLoopGroup(1, ring);
        return group;
    }

    private <C extends Channel> C keep(C channel) {
        opened.add(channel);
        return channel;
    }

    /** Echoes every byte back. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    /** Collects what arrives as text. */
    private static final class Collect extends ChannelInboundHandlerAdapter {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received.add(buf.toString(CharsetUtil.US_ASCII));
            buf.release();
        }
    }

    private Channel echoServer(EventLoopGroup group, Map<ChannelOption<?>, Object> options) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                .childHandler(new Echo());
        options.forEach((option, value) -> setOption(bootstrap, option, value));
        return keep(bootstrap.bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setOption(ServerBootstrap bootstrap, ChannelOption option, Object value) {
        bootstrap.option(option, value);
    }

    /** Connects, sends "ping" and waits for the echo; the returned client is connected. */
    private UepollSocketChannel echoedClient(EventLoopGroup group, Channel server, Map<InetAddress, byte[]> md5)
            throws Exception {
        Collect collect = new Collect();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(UepollSocketChannel.class).handler(collect);
        if (md5 != null) {
            bootstrap.option(UepollChannelOption.TCP_MD5SIG, md5);
        }
        UepollSocketChannel client = (UepollSocketChannel) keep(bootstrap.connect(server.localAddress()).sync().channel());
        client.writeAndFlush(Unpooled.copiedBuffer("ping", CharsetUtil.US_ASCII)).sync();
        StringBuilder echoed = new StringBuilder();
        while (echoed.length() < 4) {
            String part = collect.received.poll(5, TimeUnit.SECONDS);
            assertNotNull(part, "no echo within 5 s; got '" + echoed + "'");
            echoed.append(part);
        }
        assertEquals("ping", echoed.toString());
        return client;
    }

    private static <T> void assertRoundTrip(ChannelConfig config, ChannelOption<T> option, T value) {
        assertTrue(config.setOption(option, value), option + " not accepted");
        assertEquals(value, config.getOption(option), option.name());
    }

    /** Sets through the epoll name, reads back through both names. */
    private static <T> void assertAliasRoundTrip(ChannelConfig config, ChannelOption<T> epoll, ChannelOption<T> ours, T value) {
        assertRoundTrip(config, epoll, value);
        assertEquals(value, config.getOption(ours), ours + " after setting " + epoll);
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void epollOptionNamesMeanOursOnAConnectedSocket(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        UepollSocketChannelConfig config = echoedClient(group, echoServer(group, Map.of()), null).config();
        assertAliasRoundTrip(config, EpollChannelOption.TCP_KEEPIDLE, UepollChannelOption.TCP_KEEPIDLE, 77);
        assertAliasRoundTrip(config, EpollChannelOption.TCP_KEEPINTVL, UepollChannelOption.TCP_KEEPINTVL, 9);
        assertAliasRoundTrip(config, EpollChannelOption.TCP_KEEPCNT, UepollChannelOption.TCP_KEEPCNT, 4);
        assertAliasRoundTrip(config, EpollChannelOption.TCP_USER_TIMEOUT, UepollChannelOption.TCP_USER_TIMEOUT, 12_345);
        assertAliasRoundTrip(config, EpollChannelOption.TCP_NOTSENT_LOWAT, UepollChannelOption.TCP_NOTSENT_LOWAT, 65_536L);
        assertAliasRoundTrip(config, EpollChannelOption.TCP_CORK, UepollChannelOption.TCP_CORK, true);
        assertAliasRoundTrip(config, EpollChannelOption.TCP_CORK, UepollChannelOption.TCP_CORK, false);
        assertAliasRoundTrip(config, EpollChannelOption.IP_FREEBIND, UepollChannelOption.IP_FREEBIND, true);
        assertAliasRoundTrip(config, EpollChannelOption.IP_BIND_ADDRESS_NO_PORT,
                UepollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        // Options a socket has not: the same answer under both names.
        assertFalse(config.setOption(EpollChannelOption.UDP_GRO, true));
        assertFalse(config.setOption(UepollChannelOption.UDP_GRO, true));
        assertNull(config.getOption(EpollChannelOption.UDP_GRO));
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void epollOptionNamesMeanOursOnAServerAndADatagramChannel(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        ChannelConfig server = echoServer(group, Map.of()).config();
        assertAliasRoundTrip(server, EpollChannelOption.TCP_DEFER_ACCEPT, UepollChannelOption.TCP_DEFER_ACCEPT, 3);
        assertAliasRoundTrip(server, EpollChannelOption.IP_FREEBIND, UepollChannelOption.IP_FREEBIND, true);
        if (KERNEL_HAS_TCP_MD5SIG) {
            assertTrue(server.setOption(EpollChannelOption.TCP_MD5SIG, Map.of(LOOPBACK, KEY)));
        }

        ChannelConfig udp = keep(new Bootstrap().group(group).channelFactory(() -> new UepollDatagramChannel(SocketProtocolFamily.INET6))
                .handler(new Collect()).bind(LOOPBACK, 0).sync().channel()).config();
        assertAliasRoundTrip(udp, EpollChannelOption.IP_MULTICAST_ALL, UepollChannelOption.IP_MULTICAST_ALL, true);
        assertAliasRoundTrip(udp, EpollChannelOption.IP_RECVORIGDSTADDR, UepollChannelOption.IP_RECVORIGDSTADDR, true);
        assertAliasRoundTrip(udp, EpollChannelOption.UDP_GRO, UepollChannelOption.UDP_GRO, true);
        assertAliasRoundTrip(udp, EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE,
                UepollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 1500);
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void epollModeIsEdgeTriggeredOnly(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        Channel server = echoServer(group, Map.of());
        UepollSocketChannel client = echoedClient(group, server, null);
        for (ChannelConfig config : List.of(server.config(), client.config())) {
            assertRoundTrip(config, EpollChannelOption.EPOLL_MODE, EpollMode.EDGE_TRIGGERED);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> config.setOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED));
            assertTrue(e.getMessage().contains("LEVEL_TRIGGERED") && e.getMessage().contains("edge-triggered only"),
                    e.getMessage());
            assertEquals(EpollMode.EDGE_TRIGGERED, config.getOption(EpollChannelOption.EPOLL_MODE));
        }
        // The refusal reaches a bootstrap user too (ServerBootstrap logs it; a client's connect fails).
        assertThrows(IllegalArgumentException.class, () -> new UepollDatagramChannel().config()
                .setOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED));
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void parityOptionsRoundTripAndTakeEffect(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        ChannelConfig server = echoServer(group, Map.of(UepollChannelOption.TCP_DEFER_ACCEPT, 3)).config();
        assertEquals(3, server.getOption(UepollChannelOption.TCP_DEFER_ACCEPT));
        assertRoundTrip(server, UepollChannelOption.TCP_DEFER_ACCEPT, 0);

        // IP_BIND_ADDRESS_NO_PORT: bind takes the address only, the port waits for connect.
        UepollSocketChannel noPort = keep(new UepollSocketChannel());
        assertEquals(false, noPort.config().getOption(UepollChannelOption.IP_BIND_ADDRESS_NO_PORT));
        assertRoundTrip(noPort.config(), UepollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        group.register(noPort).sync();
        noPort.bind(new InetSocketAddress(LOOPBACK, 0)).sync();
        assertEquals(0, noPort.localAddress().getPort(), "with IP_BIND_ADDRESS_NO_PORT bind chose a port");
        assertRoundTrip(noPort.config(), UepollChannelOption.IP_BIND_ADDRESS_NO_PORT, false);

        ChannelConfig udp = keep(new Bootstrap().group(group).channel(UepollDatagramChannel.class).handler(new Collect())
                .bind(LOOPBACK, 0).sync().channel()).config();
        assertEquals(false, udp.getOption(UepollChannelOption.IP_MULTICAST_ALL), "off by default, as in NIO");
        assertRoundTrip(udp, UepollChannelOption.IP_MULTICAST_ALL, true);
        assertRoundTrip(udp, UepollChannelOption.IP_MULTICAST_ALL, false);
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void tcpInfoOfALoopbackConnection(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        UepollSocketChannel client = echoedClient(group, echoServer(group, Map.of()), null);
        UepollTcpInfo info = client.tcpInfo();
        assertEquals(1, info.state(), "TCP_ESTABLISHED");
        assertTrue(info.rtt() > 0 && info.rtt() < 1_000_000, "loopback rtt in microseconds: " + info.rtt());
        assertTrue(info.rto() >= 200_000, "the kernel's minimum RTO is 200 ms: " + info.rto());
        assertTrue(info.sndMss() > 0 && info.sndMss() <= 65_535, "mss " + info.sndMss());
        assertTrue(info.sndCwnd() > 0, "cwnd " + info.sndCwnd());
        assertEquals(0, info.unacked(), "the echo acknowledged everything");
        assertSame(info, client.tcpInfo(info), "the instance is refilled");
        assertEquals(1, info.state());

        client.close().sync();
        assertThrows(io.netty.channel.ChannelException.class, client::tcpInfo);
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void md5KeyedOnBothEndsStillEchoesAndAnUnkeyedServerIsUnreachable(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        assumeTrue(KERNEL_HAS_TCP_MD5SIG, "this kernel is built without CONFIG_TCP_MD5SIG (ENOPROTOOPT)");
        Channel keyedServer = echoServer(group, Map.of(UepollChannelOption.TCP_MD5SIG, Map.of(LOOPBACK, KEY)));
        echoedClient(group, keyedServer, Map.of(LOOPBACK, KEY));

        // The key really is on the wire: an unkeyed server drops the signed SYN, so connect times out.
        Channel plainServer = echoServer(group, Map.of());
        Bootstrap signed = new Bootstrap().group(group).channel(UepollSocketChannel.class).handler(new Collect())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 700)
                .option(UepollChannelOption.TCP_MD5SIG, Map.of(LOOPBACK, KEY));
        Throwable failure = signed.connect(plainServer.localAddress()).await().cause();
        assertInstanceOf(ConnectTimeoutException.class, failure);
    }
}
