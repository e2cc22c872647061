package io.uepoll.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** With half-closure allowed, the direction still open carries everything after the other one is shut. */
class AbuseHalfCloseTest {

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void clientShutsOutputThenReadsTheWholeReply(UepollRing ring) throws Exception {
        exchange(ring, true);
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void serverShutsOutputThenReadsTheWholeReply(UepollRing ring) throws Exception {
        exchange(ring, false);
    }

    /** The first side sends and shuts its output; the second replies only after seeing that end of input. */
    private static void exchange(UepollRing ring, boolean clientFirst) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup group = new UepollEventLoopGroup(2, ring);
        try {
            byte[] request = randomBytes(4 * MIB + 17);
            byte[] reply = randomBytes(3 * MIB + 5);
            HalfCloser serverEnd = new HalfCloser(clientFirst ? reply : request, !clientFirst);
            HalfCloser clientEnd = new HalfCloser(clientFirst ? request : reply, clientFirst);
            Channel server = new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(serverEnd)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            Channel client = client(group, clientEnd).option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .connect(server.localAddress()).sync().channel();

            byte[] first = request; // whoever goes first sends the request
            byte[] second = reply;
            HalfCloser firstReceiver = clientFirst ? serverEnd : clientEnd;
            HalfCloser secondReceiver = clientFirst ? clientEnd : serverEnd;
            assertEquals(crc(first), firstReceiver.received.get(20, TimeUnit.SECONDS), "the first stream arrived whole");
            assertEquals(crc(second), secondReceiver.received.get(20, TimeUnit.SECONDS),
                    "the reply arrived whole over the half-closed connection");
            assertEquals(first.length, firstReceiver.bytes);
            assertEquals(second.length, secondReceiver.bytes);
            client.close().sync();
            server.close().sync();
        } finally {
            shutdown(group);
        }
    }

    /** Sends its payload then shuts output, at once or after its own input ended; checksums what it reads. */
    private static final class HalfCloser extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Long> received = new CompletableFuture<>();
        private final byte[] payload;
        private final boolean sendFirst;
        private final CRC32 crc = new CRC32();
        volatile long bytes;

        HalfCloser(byte[] payload, boolean sendFirst) {
            this.payload = payload;
            this.sendFirst = sendFirst;
        }

        @Override
        public boolean isSharable() {
            return true; // one connection per test
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (sendFirst) {
                sendAndShutOutput(ctx);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytes += AbuseSupport.checksumAndRelease(crc, msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                received.complete(crc.getValue());
                if (!sendFirst) {
                    sendAndShutOutput(ctx);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            received.completeExceptionally(new AssertionError("closed before the end of input, after " + bytes));
        }

        private void sendAndShutOutput(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(payload)).addListener(f -> {
                if (f.isSuccess()) {
                    ((DuplexChannel) ctx.channel()).shutdownOutput();
                } else {
                    received.completeExceptionally(f.cause());
                }
            });
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
