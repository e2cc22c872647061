package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A stream keeps every byte in order while its ends hop between loops mid-transfer
 * ({@code deregister().addListener(f -> nextLoop.register(channel))}, Netty's documented pattern).
 */
class AbuseLoopMigrationTest {
    /** 64 MiB; the QEMU guest (kernel/guest-java-tests.sh) moves less under emulation. */
    private static final long TOTAL = Long.getLong("uepoll.abuse.migrationMiB", 64) * MIB;
    /** Even rounds read with auto-read on; odd ones read a quota per move, so 20+ moves happen mid-stream. */
    private static final int ROUNDS = 4;
    private static final int MIN_MOVES = 20;
    private static final long MOVE_EVERY_MILLIS = 20;
    private static final long STALL_MILLIS = AbuseSupport.scaledMillis(5_000);

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void everyByteArrivesInOrderWhileBothEndsHopBetweenLoops(UepollRing ring) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup group = new UepollEventLoopGroup(3, ring);
        try {
            List<EventLoop> loops = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                loops.add(group.next());
            }
            for (int round = 0; round < ROUNDS; round++) {
                transferWhileMoving(ring, group, loops, round);
            }
        } finally {
            shutdown(group);
        }
    }

    private static void transferWhileMoving(UepollRing ring, UepollEventLoopGroup group, List<EventLoop> loops, int round)
            throws Exception {
        boolean onDemand = round % 2 == 1;
        PatternSink sink = new PatternSink(TOTAL);
        QuotaReader quota = new QuotaReader(sink);
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        Channel server = bindServer(group, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.channel().config().setAutoRead(!onDemand);
                ctx.pipeline().addLast(sink, quota);
                ctx.pipeline().remove(this);
                accepted.complete(ctx.channel());
            }
        });
        PatternSource source = new PatternSource(TOTAL, true);
        Channel sender = client(group, source).connect(server.localAddress()).sync().channel();
        Channel receiver = accepted.get(AbuseSupport.scaledMillis(5_000), TimeUnit.MILLISECONDS);
        int moves = 0;
        long start = System.nanoTime();
        long lastProgress = start;
        long received = 0;
        // Keep hopping until all arrived; a stream without progress for STALL_MILLIS has stalled.
        while (!sink.done.isDone() && System.nanoTime() - lastProgress < TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
            Thread.sleep(MOVE_EVERY_MILLIS);
            Channel end = moves % 2 == 0 ? sender : receiver;
            move(end, loops.get((loops.indexOf(end.eventLoop()) + 1) % loops.size()));
            moves++;
            if (onDemand) {
                quota.allow(receiver, TOTAL / (2 * MIN_MOVES));
            }
            if (sink.received() != received) {
                received = sink.received();
                lastProgress = System.nanoTime();
            }
        }
        System.out.printf("%s round %d (%s): %d moves, %,d bytes in %d ms%n", ring, round,
                onDemand ? "read quota per move" : "auto-read", moves, sink.received(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertTrue(sink.done.isDone(), "no progress for " + STALL_MILLIS + " ms after " + moves + " moves, at "
                + sink.received() + " of " + TOTAL + " bytes; " + describe("sender", sender) + "; "
                + describe("receiver", receiver));
        assertEquals(TOTAL, sink.done.get(), "all bytes in order");
        assertEquals(TOTAL, source.done.get(AbuseSupport.scaledMillis(5_000), TimeUnit.MILLISECONDS), "every write succeeded");
        if (onDemand) {
            // An auto-read transfer may outrun the mover (its count is only reported); one read per move cannot.
            assertTrue(moves >= MIN_MOVES, "the ends moved during the transfer: " + moves);
        }
        sender.close().sync();
        receiver.close().sync();
        server.close().sync();
    }

    /** With auto-read off: reads on until the bytes the mover allowed so far have arrived. */
    private static final class QuotaReader extends ChannelInboundHandlerAdapter {
        private final PatternSink sink;
        private volatile long allowed; // written by the mover thread only

        QuotaReader(PatternSink sink) {
            this.sink = sink;
        }

        void allow(Channel receiver, long bytes) {
            allowed += bytes;
            receiver.read();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (sink.received() < allowed) {
                ctx.read();
            }
            ctx.fireChannelReadComplete();
        }
    }

    private static String describe(String name, Channel channel) throws Exception {
        return channel.eventLoop().submit(() -> name + " writable " + channel.isWritable() + ", pending "
                + channel.unsafe().outboundBuffer().totalPendingWriteBytes() + " bytes, auto-read "
                + channel.config().isAutoRead()).get(AbuseSupport.scaledMillis(5_000), TimeUnit.MILLISECONDS);
    }

    /** Deregisters {@code channel} and registers it on {@code next}, waiting for both. */
    private static void move(Channel channel, EventLoop next) throws Exception {
        CompletableFuture<Void> moved = new CompletableFuture<>();
        channel.deregister().addListener(f -> {
            if (!f.isSuccess()) {
                moved.completeExceptionally(f.cause());
                return;
            }
            next.register(channel).addListener(r -> {
                if (r.isSuccess()) {
                    moved.complete(null);
                } else {
                    moved.completeExceptionally(r.cause());
                }
            });
        });
        moved.get(AbuseSupport.scaledMillis(5_000), TimeUnit.MILLISECONDS);
    }
}
