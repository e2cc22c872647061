package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared by the fault and abuse tests: a position-dependent byte stream, its checker, probes and fd counts. */
final class AbuseSupport {
    static final int MIB = 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private AbuseSupport() {
    }

    /** The byte at {@code position} of every test stream: a lost, repeated or reordered chunk shows at once. */
    /**
     * A liveness bound in milliseconds, times {@code -Duepoll.abuse.timeScale} (1 by default): the QEMU
     * guest runs these tests on an emulated CPU many times slower than the host.
     */
    static long scaledMillis(long millis) {
        return millis * Long.getLong("uepoll.abuse.timeScale", 1);
    }

    /** Adds a received buffer to a checksum and releases it; returns its length. */
    static int checksumAndRelease(java.util.zip.Checksum crc, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        int length = buf.readableBytes();
        crc.update(buf.nioBuffer());
        buf.release();
        return length;
    }

    static byte patternAt(long position) {
        return (byte) ((position * 0x9E3779B97F4A7C15L) >>> 56);
    }

    /** The {@code length} bytes of the pattern from {@code position} on. */
    static byte[] patternBytes(long position, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = patternAt(position + i);
        }
        return bytes;
    }

    /** A direct buffer of the pattern's {@code length} bytes from {@code position} on. */
    static ByteBuf patternChunk(ByteBufAllocator alloc, long position, int length) {
        return alloc.directBuffer(length).writeBytes(patternBytes(position, length));
    }

    /**
     * Writes {@code total} bytes of the pattern, a chunk at a time while the channel is writable, and
     * completes {@link #done} when the last write succeeded (or with the first write failure).
     */
    static final class PatternSource extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private final long total;
        private final boolean startOnActive;
        private long written;
        private boolean pumping;

        PatternSource(long total, boolean startOnActive) {
            this.total = total;
            this.startOnActive = startOnActive;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (startOnActive) {
                pump(ctx);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.completeExceptionally(new IOException("closed after writing " + written + " of " + total + " bytes"));
            ctx.fireChannelInactive();
        }

        /** Starts (or resumes) writing; call on the channel's loop. */
        void pump(ChannelHandlerContext ctx) {
            if (pumping) {
                return; // a writability change fired from inside our own flush: the loop below re-checks
            }
            pumping = true;
            try {
                do {
                    while (written < total && ctx.channel().isWritable()) {
                        writeChunk(ctx);
                    }
                    ctx.flush();
                } while (written < total && ctx.channel().isWritable());
            } finally {
                pumping = false;
            }
        }

        private void writeChunk(ChannelHandlerContext ctx) {
            int length = (int) Math.min(CHUNK, total - written);
            ByteBuf chunk = patternChunk(ctx.alloc(), written, length);
            written += length;
            boolean last = written == total;
            ctx.write(chunk).addListener(f -> {
                if (!f.isSuccess()) {
                    done.completeExceptionally(f.cause());
                } else if (last) {
                    done.complete(total);
                }
            });
        }
    }

    /** Checks every received byte against the pattern; completes with the count once all arrived. */
    static final class PatternSink extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private final long total;
        private volatile long received;

        PatternSink(long total) {
            this.total = total;
        }

        long received() {
            return received;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                long position = received;
                for (int i = buf.readerIndex(), end = buf.writerIndex(); i < end; i++, position++) {
                    byte expected = patternAt(position);
                    if (buf.getByte(i) != expected) {
                        done.completeExceptionally(new AssertionError("byte " + position + ": expected "
                                + expected + ", got " + buf.getByte(i)));
                        ctx.close();
                        return;
                    }
                }
                received = position;
                if (position > total) {
                    done.completeExceptionally(new AssertionError("received " + position + " of " + total + " bytes"));
                } else if (position == total) {
                    done.complete(position);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.completeExceptionally(new AssertionError("closed after " + received + " of " + total + " bytes"));
            ctx.fireChannelInactive();
        }
    }

    /** Sends 8-byte probes to an echo server and hands back each echo: proof that a loop still serves. */
    static final class EchoProbe extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<Long> echoes = new LinkedBlockingQueue<>();
        private ByteBuf partial;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (partial == null) {
                partial = ctx.alloc().heapBuffer(16);
            }
            partial.writeBytes(buf);
            buf.release();
            while (partial.readableBytes() >= 8) {
                echoes.add(partial.readLong());
            }
            partial.discardReadBytes();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (partial != null) {
                partial.release();
            }
        }

        /** One round trip; fails if the echo does not come back within {@code timeoutMillis}. */
        static void roundTrip(Channel client, long value, long timeoutMillis) throws InterruptedException {
            EchoProbe probe = client.pipeline().get(EchoProbe.class);
            client.writeAndFlush(Unpooled.copyLong(value));
            Long echo = probe.echoes.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            assertNotNull(echo, "no echo of probe " + value + " within " + timeoutMillis + " ms");
            assertEquals(value, echo.longValue());
        }
    }

    /** Connects a fresh client to {@code echoServer} on {@code group} and checks a few round trips. */
    static void assertServes(EventLoopGroup group, Channel echoServer) throws InterruptedException {
        Channel client = EventLoopTestSupport.client(group, new EchoProbe()).connect(echoServer.localAddress())
                .sync().channel();
        try {
            for (int i = 0; i < 3; i++) {
                EchoProbe.roundTrip(client, i, 5_000);
            }
        } finally {
            client.close().sync();
        }
    }

    /**
     * One direct buffer of the pattern that the test keeps a reference to, written as slices that share
     * its reference count (each slice takes one reference with it): once the channel is done with every
     * slice, released exactly once each, the test's own reference is the only one left. A slice released
     * twice shows as a count below one (or an IllegalReferenceCountException), one never released above.
     */
    static final class SharedChunk {
        private final ByteBuf chunk;

        SharedChunk(int length) {
            chunk = patternChunk(UnpooledByteBufAllocator.DEFAULT, 0, length);
        }

        /** A slice of the whole chunk that carries one reference of it: write it, it is released once. */
        ByteBuf slice() {
            return chunk.retain().slice();
        }

        /** Waits until every slice was released, checks none twice, and drops the test's reference. */
        void assertEverySliceReleasedOnce() throws InterruptedException {
            assertTrue(eventually(scaledMillis(5_000), () -> chunk.refCnt() <= 1),
                    () -> (chunk.refCnt() - 1) + " slices never released");
            assertEquals(1, chunk.refCnt(), "a slice was released twice");
            assertTrue(chunk.release());
        }
    }

    /** Waits until every buffer {@code alloc} handed out (written or received) went back: nothing leaked. */
    static void assertAllReleased(UnpooledByteBufAllocator alloc) throws InterruptedException {
        assertTrue(eventually(scaledMillis(5_000), () -> alloc.metric().usedDirectMemory() == 0
                        && alloc.metric().usedHeapMemory() == 0),
                () -> "buffers leaked: " + alloc.metric());
    }

    /** Polls {@code condition} every 10 ms until it holds or {@code millis} passed; returns the last answer. */
    static boolean eventually(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    static long countFds() {
        try (Stream<Path> s = Files.list(Paths.get("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
    }

    /** What fd number {@code fd} refers to now ("socket:[inode]"), or null when it is not open. */
    static String fdTarget(int fd) {
        try {
            return Files.readSymbolicLink(Paths.get("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Shuts every group down; a loop that never returns from its ring fails the test instead of hanging it. */
    static void shutdown(EventLoopGroup... groups) throws InterruptedException {
        for (EventLoopGroup group : groups) {
            if (group != null) {
                assertTrue(group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(20, TimeUnit.SECONDS),
                        "the event loop group terminated");
            }
        }
    }
}
