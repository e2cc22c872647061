package io.uepoll.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Churn where every connection dies by RST with data still in flight both ways (orderly churn is
 * {@link ConnectionLeakTest}): fds, registrations and direct memory come back.
 */
class AbuseResetChurnTest {
    private static final int CONNECTIONS = 600;
    private static final int BATCH = 50;
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 16;

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void resetMidTransferLeavesNothingBehind(UepollRing ring) throws Exception {
        assumeRing(ring);
        long fdsBefore = countFds();
        UepollEventLoopGroup group = new UepollEventLoopGroup(2, ring);
        try {
            CountDownLatch serverSideClosed = new CountDownLatch(CONNECTIONS);
            Channel server = new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                    .childOption(ChannelOption.SO_LINGER, 0)
                    .childHandler(new WriteThenReset(serverSideClosed))
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            long directBefore = PlatformDependent.usedDirectMemory();
            CountDownLatch clientSideClosed = new CountDownLatch(CONNECTIONS);
            WriteThenReset clientHandler = new WriteThenReset(clientSideClosed);
            for (int done = 0; done < CONNECTIONS; done += BATCH) {
                List<ChannelFuture> closes = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    // A connect may itself be reset before it completes; the channel still has to close.
                    closes.add(client(group, clientHandler).option(ChannelOption.SO_LINGER, 0)
                            .connect(server.localAddress()).channel().closeFuture());
                }
                for (ChannelFuture close : closes) {
                    assertTrue(close.await(10, TimeUnit.SECONDS), "a reset connection closed");
                }
            }
            assertTrue(clientSideClosed.await(10, TimeUnit.SECONDS), "clients left: " + clientSideClosed.getCount());
            assertTrue(serverSideClosed.await(10, TimeUnit.SECONDS), "server children left: " + serverSideClosed.getCount());
            long directGrowth = PlatformDependent.usedDirectMemory() - directBefore;
            assertTrue(directGrowth < 16L * MIB, "direct memory grew by " + directGrowth + " bytes");
            int registrations = 0;
            for (io.netty.util.concurrent.EventExecutor loop : group) {
                registrations += ((UepollEventLoop) loop).counters().getRegistrations();
            }
            assertEquals(1, registrations, "only the server stays registered");
            assertServes(group, bindServer(group, new UepollEventLoopTest.EchoHandler()));
            server.close().sync();
        } finally {
            shutdown(group);
        }
        assertTrue(eventually(5_000, () -> countFds() <= fdsBefore + 2), "fds: " + fdsBefore + " -> " + countFds());
    }

    /** Writes 1 MiB when active; on the first bytes read closes with SO_LINGER 0, i.e. resets. */
    private static final class WriteThenReset extends ChannelInboundHandlerAdapter {
        private final CountDownLatch closed;

        WriteThenReset(CountDownLatch closed) {
            this.closed = closed;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ByteBuf chunk = ctx.alloc().directBuffer(CHUNK).writeZero(CHUNK);
            for (int i = 0; i < CHUNKS; i++) {
                ctx.write(chunk.retainedSlice());
            }
            chunk.release();
            ctx.flush();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }

        @Override
        public void channelUnregistered(ChannelHandlerContext ctx) {
            closed.countDown();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // resets surface here as IOExceptions; the connection is over either way
        }
    }
}
