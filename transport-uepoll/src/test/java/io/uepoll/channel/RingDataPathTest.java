package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Data path RING: an IO_URING ring carries the stream channels' sends; every other ring, and data
 * path DIRECT, writes with syscalls: sends counted and completed, and the order of a read() asked for
 * inside channelRead. The ring's contract under faults (overflow, close, shutdown, reset, auto-read
 * flipping with requests in flight) is in {@link RingContractTest} and {@link FaultResetDuringWriteTest}.
 */
class RingDataPathTest {
    private static final int CHUNK = 256 * 1024;

    private static UepollEventLoopGroup group(UepollRing ring, UepollDataPath path) {
        return new UepollEventLoopGroup(1, ring, UepollIoHandler.DEFAULT_RING_SIZE, 0, path);
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void onlyAnIoUringRingCarriesSendsAndOnlyOnDataPathRing(UepollRing ring) throws Exception {
        assumeRing(ring);
        for (UepollDataPath path : UepollDataPath.values()) {
            UepollEventLoopGroup group = group(ring, path);
            try {
                Channel echo = bindServer(group, new UepollEventLoopTest.EchoHandler());
                assertServes(group, echo);
                UepollCounters counters = UepollCounters.of(group.next());
                boolean carries = ring == UepollRing.IO_URING && path == UepollDataPath.RING;
                assertEquals(carries ? "RING" : "DIRECT", counters.getDataPath(), ring + "/" + path);
                if (carries) {
                    // 3 round trips: the client's 3 sends and the server's 3 echoes at least, and as many one-shot
                    // receives, or one multishot receive per reading channel.
                    assertTrue(counters.getSendsSubmitted() >= 6, counters.toString());
                    assertTrue(counters.getRecvsSubmitted() >= (counters.isBufferRing() ? 2 : 6), counters.toString());
                    assertTrue(eventually(5_000, () -> counters.getIoCompletions() == inFlightOrDone(counters)),
                            "every send and receive completed once both ends closed: " + counters);
                } else {
                    assertEquals(0, counters.getSendsSubmitted(), counters.toString());
                    assertEquals(0, counters.getRecvsSubmitted(), counters.toString());
                }
            } finally {
                shutdown(group);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UepollDataPath.class)
    void readAskedForInsideChannelReadKeepsTheStreamInOrder(UepollDataPath path) throws Exception {
        assumeRing(UepollRing.IO_URING);
        UepollEventLoopGroup group = group(UepollRing.IO_URING, path);
        try {
            long total = 8L * MIB;
            PatternSink sink = new PatternSink(total);
            // Auto-read off, and read() asked for again from inside channelRead: the next receive is queued
            // while the pass is still delivering, and must not be queued twice.
            Channel server = bindServer(group, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    ctx.channel().config().setAutoRead(false);
                    ctx.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext c, Object msg) {
                            c.read();
                            c.fireChannelRead(msg);
                        }
                    }, sink);
                    ctx.read();
                }
            });
            PatternSource source = new PatternSource(total, true);
            client(group, source).connect(server.localAddress()).sync();
            assertEquals(total, sink.done.get(30, TimeUnit.SECONDS), path.toString());
            assertEquals(0, UepollCounters.of(group.next()).getLoopExceptions());
        } finally {
            shutdown(group);
        }
    }

    @Test
    void unknownDataPathNamesItself() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UepollDataPath.fromPropertyValue("uring"));
        assertTrue(e.getMessage().contains("'uring'") && e.getMessage().contains(UepollDataPath.PROPERTY),
                e.getMessage());
        assertThrows(NullPointerException.class,
                () -> UepollIoHandler.newFactory(UepollRing.EPOLL_WAIT, 64, 0, null));
    }

    private static long inFlightOrDone(UepollCounters counters) {
        return counters.getSendsSubmitted() + counters.getRecvsSubmitted();
    }
}
