package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
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

/** The peer resets the connection (SO_LINGER 0) in the middle of a 64 MiB write. */
class FaultResetDuringWriteTest {
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 64 * MIB / CHUNK;

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void resetFailsTheWriteClosesTheChannelAndTheLoopServesOn(UepollRing ring) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup group = new UepollEventLoopGroup(1, ring);
        try {
            BigWriter writer = new BigWriter();
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
            assertServes(group, echo);
            UepollCounters counters = ((UepollEventLoop) group.next()).counters();
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

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ByteBuf chunk = ctx.alloc().directBuffer(CHUNK);
            for (int i = 0; i < CHUNK; i++) {
                chunk.writeByte(patternAt(i));
            }
            ChannelFuture last = null;
            for (int i = 0; i < CHUNKS; i++) {
                last = ctx.write(chunk.retainedSlice());
            }
            chunk.release();
            ctx.flush();
            lastWrite.complete(last);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(cause);
        }
    }
}
