package io.uepoll.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A close with SO_LINGER and unsent data blocks in close(2) for the linger time: it must not block the
 * loop, whose other channels keep being served meanwhile.
 */
class FaultLingerCloseTest {
    private static final int LINGER_SECONDS = 3;
    private static final long STALL_LIMIT_MILLIS = 1_000;

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void lingeringCloseLeavesTheLoopServing(UepollRing ring) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup serverGroup = new UepollEventLoopGroup(1, ring);
        UepollEventLoopGroup clientGroup = new UepollEventLoopGroup(1, ring);
        try {
            BlockingQueue<Channel> peers = new LinkedBlockingQueue<>();
            Channel sink = neverReadingServer(serverGroup, peers);
            Channel echo = bindServer(serverGroup, new UepollEventLoopTest.EchoHandler());
            // Both clients share the one client loop.
            Channel pinger = client(clientGroup, new EchoProbe()).connect(echo.localAddress()).sync().channel();
            Channel lingering = client(clientGroup, noop()).option(ChannelOption.SO_LINGER, LINGER_SECONDS)
                    .connect(sink.localAddress()).sync().channel();
            Channel peer = peers.poll(5, TimeUnit.SECONDS);
            assertNotNull(peer, "the sink accepted the lingering client");

            for (int i = 0; i < 16 * MIB / (64 * 1024); i++) {
                lingering.write(Unpooled.wrappedBuffer(new byte[64 * 1024]));
            }
            lingering.flush();
            lingering.eventLoop().submit(() -> { }).sync(); // the flush ran: the kernel send queue is full
            int fd = ((UnixChannel) lingering).fd().intValue();
            String socketBefore = fdTarget(fd);

            ChannelFuture closed = lingering.close();
            long start = System.nanoTime();
            int roundTrips = 0;
            while (!closed.isDone() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(LINGER_SECONDS * 3)) {
                EchoProbe.roundTrip(pinger, roundTrips++, STALL_LIMIT_MILLIS);
            }
            System.out.printf("%s: %d round trips during a %d ms lingering close%n", ring, roundTrips,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertTrue(closed.await(LINGER_SECONDS * 3, TimeUnit.SECONDS), "the lingering close completed");
            assertTrue(eventually(5_000, () -> !socketBefore.equals(fdTarget(fd))),
                    "fd " + fd + " (" + socketBefore + ") was closed");

            peer.config().setAutoRead(true); // the peer drains what the kernel still had, then sees the end
            assertTrue(peer.closeFuture().await(10, TimeUnit.SECONDS), "the peer saw the connection end");
            EchoProbe.roundTrip(pinger, -1, 5_000);
            pinger.close().sync();
        } finally {
            shutdown(clientGroup, serverGroup);
        }
    }

    /** A server whose children never read, behind a small receive window. */
    private static Channel neverReadingServer(UepollEventLoopGroup group, BlockingQueue<Channel> peers)
            throws InterruptedException {
        return new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4096)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        peers.add(ctx.channel());
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }
}
