package io.uepoll.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.uepoll.channel.EventLoopTestSupport.assumeRing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 1,000,000 datagrams from 4 threads to one channel: every datagram the kernel did not drop (its
 * drop counter in /proc/net/udp) is delivered, once and in order per sender, and the queue drains to
 * empty after the senders stop, so the loop never stalls with datagrams left behind.
 */
class DatagramFloodTest {
    private static final int SENDERS = 4;
    private static final int PER_SENDER = 250_000;

    static Stream<Arguments> ringsAndBatching() {
        List<Arguments> arguments = new ArrayList<>();
        for (UepollRing ring : UepollRing.values()) {
            arguments.add(Arguments.of(ring, false));
            arguments.add(Arguments.of(ring, true));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}, recvmmsg batches: {1}")
    @MethodSource("ringsAndBatching")
    void everyDatagramNotDroppedIsDelivered(UepollRing ring, boolean batched) throws Exception {
        assumeRing(ring);
        EventLoopGroup group = new UepollEventLoopGroup(1, ring);
        try {
            Counter counter = new Counter();
            Bootstrap bootstrap = new Bootstrap().group(group)
                    .channelFactory(() -> new UepollDatagramChannel(SocketProtocolFamily.INET)).handler(counter);
            if (batched) {
                // 64 slots of 64 bytes per buffer: up to 64 datagrams per recvmmsg.
                bootstrap.option(UepollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 64)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(64 * 64));
            }
            Channel server = bootstrap.bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            InetSocketAddress address = (InetSocketAddress) server.localAddress();
            long start = System.nanoTime();
            sendFromThreads(address);
            long sent = (long) SENDERS * PER_SENDER;

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            UdpSocketStats stats = UdpSocketStats.read(address.getPort());
            while ((counter.delivered.get() + stats.drops < sent || stats.rxQueue > 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                stats = UdpSocketStats.read(address.getPort());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf(Locale.ROOT, "%s batched=%s: %,d sent, %,d delivered, %,d dropped by the kernel, %d ms%n",
                    ring, batched, sent, counter.delivered.get(), stats.drops, millis);
            assertNull(counter.error.get(), "every datagram once and in order per sender");
            assertEquals(0, stats.rxQueue, "the socket's queue drains after the senders stop");
            assertEquals(sent, counter.delivered.get() + stats.drops, "delivered + dropped");
            assertTrue(counter.delivered.get() > 0);
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    private static void sendFromThreads(InetSocketAddress address) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            Thread thread = new Thread(() -> {
                try (DatagramChannel channel = DatagramChannel.open()) {
                    channel.connect(address);
                    ByteBuffer datagram = ByteBuffer.allocateDirect(8);
                    for (int seq = 0; seq < PER_SENDER; seq++) {
                        datagram.clear();
                        datagram.putInt(sender).putInt(seq).flip();
                        channel.write(datagram); // blocking: the sender never drops, only the receiver may
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "flood-sender-" + s);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a sender failed", failure.get());
        }
    }

    /** Counts datagrams and checks each sender's sequence numbers only grow. */
    private static final class Counter extends SimpleChannelInboundHandler<DatagramPacket> {
        final AtomicLong delivered = new AtomicLong();
        final AtomicReference<String> error = new AtomicReference<>();
        private final int[] lastSeq = new int[SENDERS];

        Counter() {
            java.util.Arrays.fill(lastSeq, -1);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            if (content.readableBytes() != 8) {
                error.compareAndSet(null, "datagram of " + content.readableBytes() + " bytes");
                return;
            }
            int sender = content.readInt();
            int seq = content.readInt();
            if (seq <= lastSeq[sender]) {
                error.compareAndSet(null, "sender " + sender + ": " + seq + " after " + lastSeq[sender]);
            }
            lastSeq[sender] = seq;
            delivered.lazySet(delivered.get() + 1); // loop thread only writes
        }
    }

    /** One line of /proc/net/udp: the queued bytes and the drop counter of the socket bound to this port. */
    private record UdpSocketStats(long rxQueue, long drops) {
        static UdpSocketStats read(int port) throws IOException {
            String localSuffix = String.format(Locale.ROOT, ":%04X", port);
            for (String line : Files.readAllLines(Paths.get("/proc/net/udp"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 13 && fields[1].endsWith(localSuffix)) {
                    long rxQueue = Long.parseLong(fields[4].split(":")[1], 16);
                    return new UdpSocketStats(rxQueue, Long.parseLong(fields[fields.length - 1]));
                }
            }
            throw new IllegalStateException("no UDP socket on port " + port + " in /proc/net/udp");
        }
    }
}
