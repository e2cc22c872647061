package io.uepoll.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * 1,200 connections echo at once through loops whose rings hold 64 entries: far more readiness than a
 * ring holds (IO_URING's completion queue overflows), and every byte still comes back.
 */
class AbuseTinyRingTest {
    private static final int RING_SIZE = 64;
    private static final int CONNECTIONS = 1_200;
    private static final int ROUNDS = 3;

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void everyEchoMatchesThroughAnOverflowingRing(UepollRing ring) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup serverGroup = new UepollEventLoopGroup(1, ring, RING_SIZE);
        UepollEventLoopGroup clientGroup = new UepollEventLoopGroup(1, ring, RING_SIZE);
        try {
            Channel server = new ServerBootstrap().group(serverGroup).channel(UepollServerSocketChannel.class)
                    .childHandler(new UepollEventLoopTest.EchoHandler())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            List<Channel> clients = new ArrayList<>(CONNECTIONS);
            List<ChannelFuture> connects = new ArrayList<>(CONNECTIONS);
            for (int i = 0; i < CONNECTIONS; i++) {
                connects.add(client(clientGroup, new ChecksummedEcho()).connect(server.localAddress()));
            }
            UepollCounters serverCounters = ((UepollEventLoop) serverGroup.next()).counters();
            UepollCounters clientCounters = ((UepollEventLoop) clientGroup.next()).counters();
            for (ChannelFuture connect : connects) {
                assertTrue(connect.await(30, TimeUnit.SECONDS), () -> "connect " + clients.size() + " still pending; server "
                        + serverCounters + "; client " + clientCounters);
                clients.add(connect.sync().channel());
            }
            System.out.printf("%s: %d connected; server %s; client %s%n", ring, CONNECTIONS, serverCounters, clientCounters);
            for (int round = 0; round < ROUNDS; round++) {
                echoAll(clients, round);
            }
            System.out.printf("%s ring of %d, %d connections: server %s; client %s%n", ring, RING_SIZE, CONNECTIONS,
                    serverCounters, clientCounters);
            if (ring == UepollRing.IO_URING) {
                assertTrue(serverCounters.getRingOverflows() + clientCounters.getRingOverflows() > 0,
                        "the completion queue overflowed (the overflow path ran)");
            }
            for (Channel client : clients) {
                client.close();
            }
            for (Channel client : clients) {
                client.closeFuture().sync();
            }
            server.close().sync();
        } finally {
            shutdown(clientGroup, serverGroup);
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void hangingUpSocketsDoNotStarveTheLoopsTasks(UepollRing ring) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup group = new UepollEventLoopGroup(1, ring, RING_SIZE);
        try {
            // A TCP socket that is not connected yet polls as HUP, at once and for as long as it is not.
            // Registered in one burst (as Bootstrap.connect does before its connect task runs), far more
            // of them than the ring holds report at once, again after every re-arm.
            List<ChannelFuture> registrations = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                registrations.add(client(group, noop()).register());
            }
            List<Channel> unconnected = new ArrayList<>();
            for (ChannelFuture registration : registrations) {
                assertTrue(registration.await(10, TimeUnit.SECONDS), "registered: " + unconnected.size());
                unconnected.add(registration.channel());
            }
            for (int i = 0; i < 10; i++) {
                assertTrue(group.next().submit(() -> { }).await(5, TimeUnit.SECONDS),
                        "the loop ran a task: " + ((UepollEventLoop) group.next()).counters());
            }
            for (Channel channel : unconnected) {
                assertTrue(channel.close().await(5, TimeUnit.SECONDS), "closed");
            }
        } finally {
            shutdown(group);
        }
    }

    /** Every client sends a fresh random payload at once; waits for all echoes and checks them. */
    private static void echoAll(List<Channel> clients, int round) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(clients.size());
        AtomicInteger mismatches = new AtomicInteger();
        for (Channel client : clients) {
            client.pipeline().get(ChecksummedEcho.class).expect(done, mismatches);
        }
        clients.get(0).eventLoop().execute(() -> {
            for (Channel client : clients) {
                client.pipeline().get(ChecksummedEcho.class).send(client);
            }
        });
        assertTrue(done.await(60, TimeUnit.SECONDS), "round " + round + ": echoes missing: " + done.getCount());
        assertEquals(0, mismatches.get(), "round " + round + ": echoes with a wrong checksum");
    }

    /** Sends a random payload of random length and compares the checksum of what comes back. */
    private static final class ChecksummedEcho extends ChannelInboundHandlerAdapter {
        private CountDownLatch done;
        private AtomicInteger mismatches;
        private long expectedCrc;
        private int expectedLength;
        private final CRC32 crc = new CRC32();
        private int received;

        void expect(CountDownLatch done, AtomicInteger mismatches) {
            this.done = done;
            this.mismatches = mismatches;
        }

        /** On the client loop. */
        void send(Channel channel) {
            byte[] payload = new byte[ThreadLocalRandom.current().nextInt(1, 16 * 1024)];
            ThreadLocalRandom.current().nextBytes(payload);
            CRC32 sent = new CRC32();
            sent.update(payload);
            expectedCrc = sent.getValue();
            expectedLength = payload.length;
            crc.reset();
            received = 0;
            channel.writeAndFlush(Unpooled.wrappedBuffer(payload));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received += AbuseSupport.checksumAndRelease(crc, msg);
            if (received > expectedLength) {
                mismatches.incrementAndGet();
            } else if (received == expectedLength) {
                if (crc.getValue() != expectedCrc) {
                    mismatches.incrementAndGet();
                }
                done.countDown();
            }
        }
    }
}
