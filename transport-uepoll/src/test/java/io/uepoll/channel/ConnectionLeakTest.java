package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandler;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 10,000 connections opened and closed through one loop: fds, ring mappings and direct memory come back. */
class ConnectionLeakTest {
    private static final int CONNECTIONS = 10_000;
    private static final int BATCH = 100;

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void tenThousandConnectionsLeaveNothingBehind(UepollRing ring) throws Exception {
        assumeRing(ring);
        long fdsBefore = countFds();
        long mappingsBefore = countRingMappings();
        UepollEventLoopGroup group = new UepollEventLoopGroup(1, ring);
        long directBefore;
        try {
            // The server closes first, so TIME_WAIT stays on its side and client ports are not exhausted.
            Channel server = bindServer(group, new CloseOnActive());
            directBefore = PlatformDependent.usedDirectMemory();
            for (int done = 0; done < CONNECTIONS; done += BATCH) {
                List<ChannelFuture> closes = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    Channel ch = client(group, noop()).connect(server.localAddress()).sync().channel();
                    closes.add(ch.closeFuture());
                }
                for (ChannelFuture close : closes) {
                    assertTrue(close.await(10, TimeUnit.SECONDS), "client saw the server's close");
                }
            }
            UepollCounters counters = ((UepollEventLoop) server.eventLoop()).counters();
            System.out.printf("%s after %,d connections: %s%n", ring, CONNECTIONS, counters);
            server.close().sync();
            // Pooled buffers may stay in the allocator's caches; they must not grow with the connection count.
            long directGrowth = PlatformDependent.usedDirectMemory() - directBefore;
            assertTrue(directGrowth < 16L * 1024 * 1024, "direct memory grew by " + directGrowth + " bytes");
            assertTrue(counters.getRegistrations() <= 1, "registrations left: " + counters.getRegistrations());
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
        assertTrue(countFds() <= fdsBefore + 2, "fds: " + fdsBefore + " -> " + countFds());
        assertTrue(countRingMappings() <= mappingsBefore, "ring mappings: " + mappingsBefore + " -> " + countRingMappings());
    }

    @ChannelHandler.Sharable
    private static final class CloseOnActive extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }

    private static long countFds() throws IOException {
        try (Stream<?> s = Files.list(Paths.get("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long countRingMappings() throws IOException {
        try (Stream<String> s = Files.lines(Paths.get("/proc/self/maps"))) {
            return s.filter(l -> l.contains("io_uring") || l.contains("eventpoll")).count();
        }
    }
}
