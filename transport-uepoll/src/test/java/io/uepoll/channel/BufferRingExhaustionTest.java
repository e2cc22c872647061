package io.uepoll.channel;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.uepoll.channel.AbuseSupport.PatternSink;
import io.uepoll.channel.AbuseSupport.PatternSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.EventLoopTestSupport.assumeRing;
import static io.uepoll.channel.EventLoopTestSupport.bindServer;
import static io.uepoll.channel.EventLoopTestSupport.client;
import static io.uepoll.channel.EventLoopTestSupport.withProperty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A provided-buffer ring far too small for its readers: eight streams into two 256-byte buffers. The
 * multishot receives keep running dry (-ENOBUFS); each is re-armed and no byte is lost or reordered.
 */
class BufferRingExhaustionTest {
    private static final int STREAMS = 8;
    private static final long PER_STREAM = 1L << 20;

    @Test
    void aRingThatRunsDryReArmsAndLosesNoByte() throws Exception {
        assumeRing(UepollRing.IO_URING);
        UepollEventLoopGroup receivers = withProperty("io.uepoll.bufferRing.bufferSize", "256",
                () -> new UepollEventLoopGroup(1, UepollRing.IO_URING, 256, 0, UepollDataPath.RING, 2));
        UepollEventLoopGroup senders = new UepollEventLoopGroup(1, UepollRing.IO_URING, 256, 0, UepollDataPath.DIRECT);
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
        try {
            UepollCounters counters = UepollCounters.of(receivers.next());
            assumeTrue(counters.isBufferRing(), "the kernel refused a provided-buffer ring (needs Linux 5.19+)");
            Channel server = bindServer(senders, new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new PatternSource(PER_STREAM, true));
                }
            });
            List<PatternSink> sinks = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                PatternSink sink = new PatternSink(PER_STREAM);
                sinks.add(sink);
                client(receivers, sink).option(ChannelOption.ALLOCATOR, alloc).connect(server.localAddress()).sync();
            }
            for (int i = 0; i < STREAMS; i++) {
                assertEquals(PER_STREAM, sinks.get(i).done.get(60, TimeUnit.SECONDS), "stream " + i + " whole, in order");
            }
            assertTrue(counters.getBufferRingEmpty() > 0, "the ring ran dry: " + counters);
            assertEquals(0, counters.getLoopExceptions(), counters.toString());
            server.close().sync();
        } finally {
            receivers.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
            senders.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }
}
