package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The peer resets the connection (SO_LINGER 0) in the middle of a 64 MiB write, on every {@link IoSetup}
 * (on IO_URING_RING a ring send is in flight): the write fails, every buffer is released exactly once,
 * the channel closes and the loop serves on.
 */
class FaultResetDuringWriteTest {
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 64 * MIB / CHUNK;

    @ParameterizedTest
    @EnumSource(IoSetup.class)
    void resetFailsTheWriteClosesTheChannelAndTheLoopServesOn(IoSetup setup) throws Exception {
        UepollEventLoopGroup group = setup.group();
        SharedChunk chunk = new SharedChunk(CHUNK);
        try {
            BigWriter writer = new BigWriter(chunk);
            Channel server = bindServer(group, writer);
            Channel echo = bindServer(group, new UepollEventLoopTest.EchoHandler());
            InetSocketAddress address = (InetSocketAddress) server.localAddress();
            try (Socket peer = new Socket(address.getAddress(), address.getPort())) {
                peer.setSoLinger(true, 0);
                InputStream in = peer.getInputStream();
                byte[] buf = new byte[CHUNK];
                long read = 0;
                while (read < MIB) {
                    int n = in.read(buf);
                    assertTrue(n > 0, "the peer got data before resetting");
                    read += n;
                }
                assertFalse(writer.lastWrite.get(10, TimeUnit.SECONDS).isDone(), "the reset comes in the middle");
                UepollCounters counters = UepollCounters.of(group.next());
                if (setup.sendsThroughRing()) {
                    assertTrue(counters.getSendsSubmitted() > 0, "the bytes leave as ring sends: " + counters);
                }
            } // close with SO_LINGER 0: RST while the channel still has ~63 MiB to go

            ChannelFuture lastWrite = writer.lastWrite.get(10, TimeUnit.SECONDS);
            assertTrue(lastWrite.await(10, TimeUnit.SECONDS), "the write ended");
            assertFalse(lastWrite.isSuccess(), "the write failed");
            assertInstanceOf(IOException.class, lastWrite.cause());
            Channel child = lastWrite.channel();
            assertTrue(child.closeFuture().await(10, TimeUnit.SECONDS), "the reset channel closed");
            for (Throwable cause : writer.exceptions) {
                assertInstanceOf(IOException.class, cause, "only the reset reached the pipeline");
            }
            chunk.assertEverySliceReleasedOnce();
            assertServes(group, echo);
            UepollCounters counters = UepollCounters.of(group.next());
            assertEquals(0, counters.getLoopExceptions(), counters.toString());
            assertTrue(eventually(5_000, () -> counters.getRegistrations() == 2),
                    "only the two servers stay registered: " + counters.getRegistrations());
        } finally {
            shutdown(group);
        }
    }

    /** Queues 64 MiB as slices of one chunk on accept and keeps the last write's future. */
    private static final class BigWriter extends ChannelInboundHandlerAdapter {
        final CompletableFuture<ChannelFuture> lastWrite = new CompletableFuture<>();
        final List<Throwable> exceptions = new CopyOnWriteArrayList<>();
        private final SharedChunk chunk;

        BigWriter(SharedChunk chunk) {
            this.chunk = chunk;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ChannelFuture last = null;
            for (int i = 0; i < CHUNKS; i++) {
                last = ctx.write(chunk.slice());
            }
            ctx.flush();
            lastWrite.complete(last);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(cause);
        }
    }
}
