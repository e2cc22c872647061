package io.uepoll.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.channel.unix.Socket;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.EventLoopTestSupport.assumeRing;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** UDP on each ring: GSO and GRO, origdst, SO_REUSEPORT, memberships on lo, fd adoption, bad input. */
class DatagramChannelTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private EventLoopGroup group;

    @AfterEach
    void shutdown() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    private EventLoopGroup group(UepollRing ring, int threads) {
        assumeRing(ring);
        group = new UepollEventLoopGroup(threads, ring);
        return group;
    }

    private Bootstrap bootstrap(EventLoopGroup group, BlockingQueue<Object> received) {
        return new Bootstrap().group(group).channelFactory(() -> new UepollDatagramChannel(SocketProtocolFamily.INET))
                .handler(new Collect(received));
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void gsoSegmentsArriveAsSeparateDatagrams(UepollRing ring) throws Exception {
        assumeTrue(UepollDatagramChannel.isSegmentedDatagramPacketSupported(), "this kernel has no UDP_SEGMENT");
        EventLoopGroup group = group(ring, 1);
        try (DatagramChannel receiver = DatagramChannel.open()) {
            receiver.bind(new InetSocketAddress(LOOPBACK, 0));
            Channel sender = bootstrap(group, new LinkedBlockingQueue<>()).bind(LOOPBACK, 0).sync().channel();
            // 10 segments of 1000 bytes and a short last one of 500: each byte says its segment.
            ByteBuf payload = Unpooled.directBuffer(10_500);
            for (int i = 0; i < 10_500; i++) {
                payload.writeByte(i / 1000);
            }
            sender.writeAndFlush(new SegmentedDatagramPacket(payload, 1000,
                    (InetSocketAddress) receiver.getLocalAddress())).sync();
            ByteBuffer in = ByteBuffer.allocate(65536);
            for (int segment = 0; segment <= 10; segment++) {
                in.clear();
                assertNotNull(receiver.receive(in));
                in.flip();
                assertEquals(segment < 10 ? 1000 : 500, in.remaining(), "segment " + segment);
                while (in.hasRemaining()) {
                    assertEquals(segment, in.get());
                }
            }
            sender.close().sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void groCoalescedDatagramsAreSplitAgain(UepollRing ring) throws Exception {
        assumeTrue(UepollDatagramChannel.isSegmentedDatagramPacketSupported(), "this kernel has no UDP_SEGMENT");
        assumeTrue(UepollDatagramChannel.isUdpGroSupported(), "this kernel has no UDP_GRO");
        EventLoopGroup group = group(ring, 1);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel server = bootstrap(group, received).option(UepollChannelOption.UDP_GRO, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                .bind(LOOPBACK, 0).sync().channel();
        Channel sender = bootstrap(group, new LinkedBlockingQueue<>()).bind(LOOPBACK, 0).sync().channel();
        ByteBuf payload = Unpooled.directBuffer(7 * 1200 + 100);
        for (int i = 0; i < 7 * 1200 + 100; i++) {
            payload.writeByte(i / 1200);
        }
        sender.writeAndFlush(new SegmentedDatagramPacket(payload, 1200, (InetSocketAddress) server.localAddress())).sync();
        for (int i = 0; i <= 7; i++) {
            int segment = i;
            String got = (String) received.poll(10, TimeUnit.SECONDS);
            assertNotNull(got, "segment " + segment);
            assertEquals(segment < 7 ? 1200 : 100, got.length(), "segment " + segment);
            assertTrue(got.chars().allMatch(c -> c == segment), "segment " + segment + " has its own bytes");
        }
        sender.close().sync();
        server.close().sync();
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void origDstAddrReportsWhereTheDatagramWasSent(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring, 1);
        BlockingQueue<Object> recipients = new LinkedBlockingQueue<>();
        Channel server = new Bootstrap().group(group).channelFactory(() -> new UepollDatagramChannel(SocketProtocolFamily.INET))
                .option(UepollChannelOption.IP_RECVORIGDSTADDR, true)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                        recipients.add(msg.recipient());
                    }
                }).bind(new InetSocketAddress(0)).sync().channel();
        assertTrue((Boolean) server.config().getOption(UepollChannelOption.IP_RECVORIGDSTADDR));
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        try (DatagramChannel client = DatagramChannel.open()) {
            for (String destination : new String[] {"127.0.0.1", "127.0.0.2"}) {
                InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(destination), port);
                client.send(ByteBuffer.wrap(new byte[] {1}), to);
                assertEquals(to, recipients.poll(10, TimeUnit.SECONDS));
            }
        }
        assertTrue(((InetSocketAddress) server.localAddress()).getAddress().isAnyLocalAddress());
        server.close().sync();
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void reusePortSpreadsPeersOverChannelsOnSeveralLoops(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring, 2);
        BlockingQueue<Object> first = new LinkedBlockingQueue<>();
        BlockingQueue<Object> second = new LinkedBlockingQueue<>();
        Channel a = bootstrap(group, first).option(UepollChannelOption.SO_REUSEPORT, true).bind(LOOPBACK, 0).sync().channel();
        Channel b = bootstrap(group, second).option(UepollChannelOption.SO_REUSEPORT, true)
                .bind(a.localAddress()).sync().channel();
        assertNotSame(a.eventLoop(), b.eventLoop());
        int peers = 64;
        for (int i = 0; i < peers; i++) {
            try (DatagramChannel client = DatagramChannel.open()) {
                client.send(ByteBuffer.wrap("x".getBytes(CharsetUtil.US_ASCII)), a.localAddress());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (first.size() + second.size() < peers && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(peers, first.size() + second.size());
        // The kernel hashes each peer to one socket; 64 peers all on one of two is a 2^-63 chance.
        assertTrue(!first.isEmpty() && !second.isEmpty(), first.size() + " / " + second.size());
        a.close().sync();
        b.close().sync();
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void membershipsOnLoopbackShowInProcNetIgmp(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring, 1);
        NetworkInterface lo = NetworkInterface.getByInetAddress(LOOPBACK);
        UepollDatagramChannel channel = (UepollDatagramChannel) bootstrap(group, new LinkedBlockingQueue<>())
                .bind(new InetSocketAddress(0)).sync().channel();
        InetAddress groupAddress = InetAddress.getByName("239.255.77.1"); // administratively scoped
        // Joining sends no datagram; the membership report of lo stays on lo.
        channel.config().setNetworkInterface(lo);
        assertEquals(lo, channel.config().getNetworkInterface());
        assertEquals(LOOPBACK, channel.config().getInterface());
        channel.joinGroup(new InetSocketAddress(groupAddress, 0), lo).sync();
        assertTrue(loGroups().contains(igmpHex(groupAddress)), loGroups().toString());
        channel.block(groupAddress, lo, InetAddress.getByName("127.0.0.9")).sync();
        channel.unblock(groupAddress, lo, InetAddress.getByName("127.0.0.9")).sync();
        var leave = channel.leaveGroup(InetAddress.getByName("239.255.77.2"), lo, null);
        assertTrue(leave.await(10, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, leave.cause(), "leaving a group never joined is an error");
        channel.leaveGroup(new InetSocketAddress(groupAddress, 0), lo).sync();
        assertFalse(loGroups().contains(igmpHex(groupAddress)), loGroups().toString());
        assertInstanceOf(IllegalArgumentException.class, channel.joinGroup(LOOPBACK).await().cause());
        assertTrue(channel.isActive());
        channel.close().sync();
    }

    private static String igmpHex(InetAddress group) {
        byte[] b = group.getAddress();
        return String.format("%02X%02X%02X%02X", b[3], b[2], b[1], b[0]);
    }

    /** The groups /proc/net/igmp lists under lo. */
    private static List<String> loGroups() throws IOException {
        List<String> groups = new ArrayList<>();
        boolean inLo = false;
        for (String line : Files.readAllLines(Paths.get("/proc/net/igmp"))) {
            if (!line.startsWith("\t")) {
                inLo = line.matches("\\d+\\s+lo\\s*:.*");
            } else if (inLo) {
                groups.add(line.trim().split("\\s+")[0]);
            }
        }
        return groups;
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void adoptsABoundDescriptor(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring, 1);
        Socket raw = Socket.newSocketDgram();
        raw.bind(new InetSocketAddress(LOOPBACK, 0));
        UepollDatagramChannel adopted = new UepollDatagramChannel(raw.intValue());
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        adopted.pipeline().addLast(new Collect(received));
        assertTrue(adopted.isActive());
        assertFalse(adopted.isConnected());
        assertEquals(raw.localAddress().getPort(), adopted.localAddress().getPort());
        group.register(adopted).sync();
        try (DatagramChannel client = DatagramChannel.open()) {
            client.send(ByteBuffer.wrap("adopted".getBytes(CharsetUtil.US_ASCII)),
                    new InetSocketAddress(LOOPBACK, adopted.localAddress().getPort()));
            assertEquals("adopted", received.poll(10, TimeUnit.SECONDS));
        }
        adopted.close().sync();
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void badWritesFailAloneAndTheChannelCarriesOn(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring, 1);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel server = bootstrap(group, received).bind(LOOPBACK, 0).sync().channel();
        InetSocketAddress to = (InetSocketAddress) server.localAddress();
        Channel client = bootstrap(group, new LinkedBlockingQueue<>()).bind(LOOPBACK, 0).sync().channel();

        Throwable unresolved = client.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer("x", CharsetUtil.US_ASCII),
                InetSocketAddress.createUnresolved("no-such-host.invalid", to.getPort()))).await().cause();
        assertInstanceOf(UnresolvedAddressException.class, unresolved);

        // 65508 bytes do not fit an IPv4 datagram (65535 - 20 - 8 = 65507).
        Throwable tooLong = client.writeAndFlush(new DatagramPacket(Unpooled.directBuffer(65508).writeZero(65508), to))
                .await().cause();
        assertInstanceOf(IOException.class, tooLong);
        assertTrue(tooLong.getMessage().contains("Message too long"), tooLong.getMessage());

        Throwable noPeer = client.writeAndFlush(Unpooled.copiedBuffer("x", CharsetUtil.US_ASCII)).await().cause();
        assertInstanceOf(NotYetConnectedException.class, noPeer);

        // In one flush: good, oversized, good. Only the oversized one fails.
        var good1 = client.write(new DatagramPacket(Unpooled.copiedBuffer("one", CharsetUtil.US_ASCII), to));
        var bad = client.write(new DatagramPacket(Unpooled.directBuffer(65508).writeZero(65508), to));
        var good2 = client.write(new DatagramPacket(Unpooled.copiedBuffer("two", CharsetUtil.US_ASCII), to));
        client.flush();
        good1.sync();
        good2.sync();
        assertFalse(bad.await().isSuccess());
        assertTrue(client.isActive());
        assertEquals("one", received.poll(10, TimeUnit.SECONDS));
        assertEquals("two", received.poll(10, TimeUnit.SECONDS));
        client.close().sync();
        server.close().sync();
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void cancelledWritesAreSkippedAndTheRestSentOnce(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring, 1);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel server = bootstrap(group, received).bind(LOOPBACK, 0).sync().channel();
        InetSocketAddress to = (InetSocketAddress) server.localAddress();
        Channel client = bootstrap(group, new LinkedBlockingQueue<>()).bind(LOOPBACK, 0).sync().channel();
        client.eventLoop().submit(() -> {
            List<io.netty.channel.ChannelFuture> writes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                writes.add(client.write(new DatagramPacket(Unpooled.copiedBuffer("d" + i, CharsetUtil.US_ASCII), to)));
            }
            writes.get(0).cancel(false);
            writes.get(3).cancel(false);
            client.flush();
        }).sync();
        for (String expected : new String[] {"d1", "d2", "d4", "d5"}) {
            assertEquals(expected, received.poll(10, TimeUnit.SECONDS));
        }
        assertNull(received.poll(200, TimeUnit.MILLISECONDS), "nothing sent twice");
        client.close().sync();
        server.close().sync();
    }

    @ParameterizedTest
    @EnumSource(value = SocketProtocolFamily.class, names = {"INET", "INET6"})
    void linuxOptionsReachTheSocket(SocketProtocolFamily family) throws Exception {
        Uepoll.ensureAvailability();
        UepollDatagramChannel channel = new UepollDatagramChannel(family);
        try {
            UepollDatagramChannelConfig config = channel.config();
            for (var option : List.of(UepollChannelOption.SO_REUSEPORT, UepollChannelOption.IP_FREEBIND,
                    UepollChannelOption.IP_RECVORIGDSTADDR, ChannelOption.SO_BROADCAST, ChannelOption.SO_REUSEADDR,
                    ChannelOption.IP_MULTICAST_LOOP_DISABLED)) {
                assertTrue(config.setOption(option, true), option.name());
                assertEquals(true, config.getOption(option), option.name());
                assertTrue(config.setOption(option, false), option.name());
                assertEquals(false, config.getOption(option), option.name());
            }
            if (UepollDatagramChannel.isUdpGroSupported()) {
                config.setOption(UepollChannelOption.UDP_GRO, true);
                assertEquals(true, config.getOption(UepollChannelOption.UDP_GRO));
            }
            config.setOption(ChannelOption.IP_MULTICAST_TTL, 7);
            assertEquals(7, config.getOption(ChannelOption.IP_MULTICAST_TTL));
            config.setOption(UepollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 1500);
            assertEquals(1500, config.getOption(UepollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE));
            assertThrows(IllegalArgumentException.class, () -> config.setOption(UepollChannelOption.DATAGRAM_SEND_BATCH, 65));
            // IP_TRANSPARENT needs CAP_NET_ADMIN; without it the kernel's EPERM must reach the caller.
            try {
                config.setOption(UepollChannelOption.IP_TRANSPARENT, true);
                assertEquals(true, config.getOption(UepollChannelOption.IP_TRANSPARENT));
            } catch (io.netty.channel.ChannelException e) {
                assertTrue(e.getMessage().contains("IP_TRANSPARENT"), e.getMessage());
            }
        } finally {
            channel.unsafe().closeForcibly();
        }
    }

    /** Queues what arrives: a DatagramPacket's content as a string, anything else as it came. */
    static final class Collect extends SimpleChannelInboundHandler<Object> {
        private final BlockingQueue<Object> queue;

        Collect(BlockingQueue<Object> queue) {
            this.queue = queue;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            queue.add(msg instanceof DatagramPacket ? ((DatagramPacket) msg).content().toString(CharsetUtil.ISO_8859_1) : msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            queue.add(cause);
        }
    }
}
