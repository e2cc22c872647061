package io.uepoll.testsuite.shading;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollIoHandler;
import io.uepoll.channel.UepollRing;
import io.uepoll.channel.UepollServerSocketChannel;
import io.uepoll.channel.UepollSocketChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A TCP echo on the uepoll transport, written against the plain package names. The shade plugin
 * relocates this class together with everything it references, so a test that calls it inside a
 * shaded jar runs the relocated transport and nothing else. Only JDK types cross the boundary.
 */
public final class EchoProbe {
    private static final long TIMEOUT_SECONDS = 10;

    private EchoProbe() {
    }

    /** Why {@code ring} (a {@code io.uepoll.ring} value) cannot run here, or {@code null} when it can. */
    public static String ringUnavailability(String ring) {
        Throwable cause = Uepoll.ringUnavailabilityCause(UepollRing.fromPropertyValue(ring));
        return cause == null ? null : String.valueOf(cause);
    }

    /** Sends {@code message} from a client to an echo server, both on one loop of {@code ring}; returns the echo. */
    public static String echo(String ring, String message) throws Exception {
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                UepollIoHandler.newFactory(UepollRing.fromPropertyValue(ring)));
        try {
            Channel server = new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                    .childHandler(new Echo())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            Collector collector = new Collector(payload.length);
            Channel client = new Bootstrap().group(group).channel(UepollSocketChannel.class).handler(collector)
                    .connect(server.localAddress()).sync().channel();
            client.writeAndFlush(Unpooled.wrappedBuffer(payload)).sync();
            byte[] echoed = collector.received.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            client.close().sync();
            server.close().sync();
            return new String(echoed, StandardCharsets.UTF_8);
        } finally {
            group.shutdownGracefully(0, TIMEOUT_SECONDS, TimeUnit.SECONDS).sync();
        }
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    /** Gathers bytes until the expected count arrives; any failure completes the future with it. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        final CompletableFuture<byte[]> received = new CompletableFuture<>();
        private final ByteBuf gathered = Unpooled.buffer();
        private final int expected;

        Collector(int expected) {
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                gathered.writeBytes(in);
            } finally {
                in.release();
            }
            if (gathered.readableBytes() >= expected) {
                byte[] bytes = new byte[gathered.readableBytes()];
                gathered.readBytes(bytes);
                received.complete(bytes);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            received.completeExceptionally(new IllegalStateException(
                    "connection closed after " + gathered.readableBytes() + " of " + expected + " bytes"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            received.completeExceptionally(cause);
            ctx.close();
        }
    }
}
