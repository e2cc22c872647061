package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.uepoll.channel.EventLoopTestSupport.assumeRing;
import static io.uepoll.channel.EventLoopTestSupport.bindServer;
import static io.uepoll.channel.EventLoopTestSupport.client;
import static io.uepoll.channel.EventLoopTestSupport.withProperty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Incremental buffer consumption (IOU_PBUF_RING_INC, Linux 6.12+): a 37-byte message at a time, in
 * lockstep (each its own arrival), into 64-byte provided buffers. The kernel puts several arrivals in
 * one buffer and splits a message where a buffer ends, so every arrival after the first in a buffer
 * must be read from where the previous one ended; the echo proves the bytes, the recycle counter that
 * a buffer went back once full, not once per arrival. The classic ring (the default) recycles per arrival.
 */
class RingBufferIncrementalTest {
    private static final int MESSAGES = 200;
    private static final int MESSAGE_BYTES = 37;
    private static final int BUFFER_BYTES = 64;

    @Test
    void buffersTakeManyArrivalsAndEveryByteIsReadFromItsOffset() throws Exception {
        assumeRing(UepollRing.IO_URING);
        UepollCounters counters = echo(() -> withProperty("io.uepoll.bufferRing.incremental", "true",
                () -> new UepollEventLoopGroup(1, UepollRing.IO_URING, 256, 0, UepollDataPath.RING, 8)),
                c -> assumeTrue(c.isBufferRingIncremental(), "the kernel has no incremental buffer rings"
                        + " (IOU_PBUF_RING_INC, Linux 6.12+): " + c));
        // Every buffer holds 64 / 37 arrivals or more; a buffer the kernel leaves with too little room is
        // recycled early, hence the slack.
        long full = (long) MESSAGES * MESSAGE_BYTES / BUFFER_BYTES;
        assertTrue(counters.getBufferRingRecycles() <= full + MESSAGES / 10,
                "at most one recycle per filled buffer (" + full + " + slack): " + counters);
    }

    @Test
    void aClassicRingRecyclesEveryArrival() throws Exception {
        assumeRing(UepollRing.IO_URING);
        UepollCounters counters = echo(() -> new UepollEventLoopGroup(1, UepollRing.IO_URING, 256, 0, UepollDataPath.RING, 8),
                c -> assertFalse(c.isBufferRingIncremental(), "classic by default: " + c));
        assertTrue(counters.getBufferRingRecycles() >= MESSAGES, "one recycle per arrival at least: " + counters);
    }

    @Test
    void aBadIncrementalPropertyIsNamed() {
        assumeRing(UepollRing.IO_URING);
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> withProperty("io.uepoll.bufferRing.incremental", "maybe",
                        () -> new UepollEventLoopGroup(1, UepollRing.IO_URING, 256, 0, UepollDataPath.RING, 8)));
        assertTrue(String.valueOf(causes(e)).contains("io.uepoll.bufferRing.incremental must be true or false: maybe"),
                String.valueOf(causes(e)));
    }

    private static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" <- ");
        }
        return sb.toString();
    }

    /** Echoes the messages through a server on the ring under test; returns its loop's counters when done. */
    private static UepollCounters echo(Supplier<UepollEventLoopGroup> ringGroup,
                                       java.util.function.Consumer<UepollCounters> check) throws Exception {
        UepollEventLoopGroup servers = withProperty("io.uepoll.bufferRing.bufferSize", Integer.toString(BUFFER_BYTES),
                ringGroup);
        UepollEventLoopGroup clients = new UepollEventLoopGroup(1, UepollRing.EPOLL_WAIT, 256, 0, UepollDataPath.DIRECT);
        try {
            UepollCounters counters = UepollCounters.of(servers.next());
            assumeTrue(counters.isBufferRing(), "the kernel refused a provided-buffer ring (needs Linux 5.19+)");
            check.accept(counters);
            Channel server = bindServer(servers, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ctx.writeAndFlush(msg);
                }
            });
            BlockingQueue<String> echoed = new LinkedBlockingQueue<>();
            StringBuilder pending = new StringBuilder();
            Channel ch = client(clients, new SimpleChannelInboundHandler<ByteBuf>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf in) {
                    pending.append(in.toString(StandardCharsets.US_ASCII));
                    while (pending.length() >= MESSAGE_BYTES) {
                        echoed.add(pending.substring(0, MESSAGE_BYTES));
                        pending.delete(0, MESSAGE_BYTES);
                    }
                }
            }).connect(server.localAddress()).sync().channel();
            for (int i = 0; i < MESSAGES; i++) {
                String message = message(i);
                ch.writeAndFlush(Unpooled.copiedBuffer(message, StandardCharsets.US_ASCII));
                assertEquals(message, echoed.poll(10, TimeUnit.SECONDS), "message " + i + " echoed whole");
            }
            ch.close().sync();
            server.close().sync();
            assertEquals(0, counters.getLoopExceptions(), counters.toString());
            return counters;
        } finally {
            servers.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
            clients.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    /** 37 bytes that differ from one message to the next at every position. */
    private static String message(int i) {
        StringBuilder sb = new StringBuilder(MESSAGE_BYTES);
        for (int k = 0; k < MESSAGE_BYTES; k++) {
            sb.append((char) ('!' + (i * 7 + k * 3) % 90));
        }
        return sb.toString();
    }
}
