package io.uepoll.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.ScheduledFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** 64 MiB to a reader that keeps switching auto-read off and on: nothing lost, duplicated or reordered. */
class AbuseBackPressureTest {
    private static final long TOTAL = 64L * MIB;
    private static final long TOGGLE_EVERY_MILLIS = 3;

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void tcpStreamIsByteExactThroughAStutteringReader(UepollRing ring) throws Exception {
        transfer(ring, UepollServerSocketChannel.class, UepollSocketChannel.class,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void domainStreamIsByteExactThroughAStutteringReader(UepollRing ring) throws Exception {
        DomainSocketAddress path = DomainSocketTest.newPath();
        try {
            transfer(ring, UepollServerDomainSocketChannel.class, UepollDomainSocketChannel.class, path);
        } finally {
            new File(path.path()).delete();
        }
    }

    private static void transfer(UepollRing ring, Class<? extends ServerChannel> serverType,
                                 Class<? extends Channel> clientType, SocketAddress bindTo) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup group = new UepollEventLoopGroup(2, ring);
        try {
            PatternSink sink = new PatternSink(TOTAL);
            Channel server = new ServerBootstrap().group(group).channel(serverType)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            ctx.pipeline().replace(this, "sink", sink);
                            stutter(ctx.channel(), sink);
                        }
                    })
                    .bind(bindTo).sync().channel();
            PatternSource source = new PatternSource(TOTAL, true);
            long start = System.nanoTime();
            Channel client = new Bootstrap().group(group).channel(clientType).handler(source)
                    .connect(server.localAddress()).sync().channel();
            try {
                assertEquals(TOTAL, sink.done.get(60, TimeUnit.SECONDS), "all bytes in order");
            } catch (java.util.concurrent.TimeoutException e) {
                fail("stalled at " + sink.received() + " of " + TOTAL + " bytes");
            }
            assertEquals(TOTAL, source.done.get(5, TimeUnit.SECONDS), "every write succeeded");
            System.out.printf("%s %s: %,d bytes through a stuttering reader in %d ms%n", ring,
                    clientType.getSimpleName(), TOTAL, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            client.close().sync();
            server.close().sync();
        } finally {
            shutdown(group);
        }
    }

    /** Flips auto-read on the reader's loop every few ms until the stream is complete. */
    private static void stutter(Channel reader, PatternSink sink) {
        ChannelConfig config = reader.config();
        ScheduledFuture<?> toggle = reader.eventLoop().scheduleAtFixedRate(
                () -> config.setAutoRead(!config.isAutoRead()), TOGGLE_EVERY_MILLIS, TOGGLE_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
        sink.done.whenComplete((n, e) -> toggle.cancel(false));
        reader.closeFuture().addListener(f -> toggle.cancel(false));
    }
}
