package io.uepoll.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.FileNotFoundException;
import java.nio.channels.NotYetConnectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.EventLoopTestSupport.assumeRing;
import static org.junit.jupiter.api.Assertions.*;

/** Unix-domain datagram sockets on each ring: abstract names, batches both ways, bad recipients, connect. */
class DomainDatagramTest {
    private EventLoopGroup group;

    @AfterEach
    void shutdown() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    private Bootstrap bootstrap(UepollRing ring, BlockingQueue<Object> received) {
        if (group == null) {
            assumeRing(ring);
            group = new UepollEventLoopGroup(1, ring);
        }
        return new Bootstrap().group(group).channel(UepollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket msg) {
                        received.add(msg.sender().path() + "|" + msg.content().toString(CharsetUtil.US_ASCII));
                    }
                });
    }

    private static DomainSocketAddress abstractName() {
        return new DomainSocketAddress("\0uepoll-dgram-" + UUID.randomUUID());
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void batchesBetweenAbstractNames(UepollRing ring) throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        DomainSocketAddress serverName = abstractName();
        DomainSocketAddress clientName = abstractName();
        // Up to 64 datagrams per recvmmsg into 64-byte slots, and one flush of 200 datagrams for sendmmsg.
        Channel server = bootstrap(ring, received).option(UepollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 64)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(64 * 64))
                .bind(serverName).sync().channel();
        Channel client = bootstrap(ring, new LinkedBlockingQueue<>()).bind(clientName).sync().channel();
        assertEquals(serverName, server.localAddress());
        List<ChannelFuture> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(client.write(new DomainDatagramPacket(Unpooled.copiedBuffer("m" + i, CharsetUtil.US_ASCII), serverName)));
        }
        client.flush();
        for (ChannelFuture write : writes) {
            write.sync();
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(clientName.path() + "|m" + i, received.poll(10, TimeUnit.SECONDS));
        }
        client.close().sync();
        server.close().sync();
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void badRecipientsFailAloneAndTheChannelCarriesOn(UepollRing ring) throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        DomainSocketAddress path = new DomainSocketAddress(new File(System.getProperty("java.io.tmpdir"),
                "uepoll-dgram-" + UUID.randomUUID().toString().substring(0, 8)));
        Channel server = bootstrap(ring, received).bind(path).sync().channel();
        assertTrue(new File(path.path()).exists());
        Channel client = bootstrap(ring, new LinkedBlockingQueue<>()).bind(abstractName()).sync().channel();

        Throwable tooLong = client.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer("x", CharsetUtil.US_ASCII),
                new DomainSocketAddress("/tmp/" + "y".repeat(150)))).await().cause();
        assertInstanceOf(IllegalArgumentException.class, tooLong);
        assertTrue(tooLong.getMessage().contains("sun_path"), tooLong.getMessage());

        Throwable missing = client.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer("x", CharsetUtil.US_ASCII),
                new DomainSocketAddress(path.path() + ".missing"))).await().cause();
        assertInstanceOf(FileNotFoundException.class, missing);

        Throwable noPeer = client.writeAndFlush(Unpooled.copiedBuffer("x", CharsetUtil.US_ASCII)).await().cause();
        assertInstanceOf(NotYetConnectedException.class, noPeer);

        assertTrue(client.isActive());
        client.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer("fine", CharsetUtil.US_ASCII), path)).sync();
        assertTrue(((String) received.poll(10, TimeUnit.SECONDS)).endsWith("|fine"));
        client.close().sync();
        server.close().sync();
        assertFalse(new File(path.path()).exists(), "the bound socket file is deleted on close");
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void connectedChannelsSendBareBuffersUntilDisconnected(UepollRing ring) throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        DomainSocketAddress serverName = abstractName();
        Channel server = bootstrap(ring, received).bind(serverName).sync().channel();
        UepollDomainDatagramChannel client = (UepollDomainDatagramChannel) bootstrap(ring, new LinkedBlockingQueue<>())
                .connect(serverName).sync().channel();
        assertTrue(client.isConnected());
        assertEquals(serverName, client.remoteAddress());
        client.writeAndFlush(Unpooled.copiedBuffer("bare", CharsetUtil.US_ASCII)).sync();
        assertEquals("|bare", received.poll(10, TimeUnit.SECONDS), "an unbound sender is unnamed");
        client.disconnect().sync();
        assertFalse(client.isConnected());
        assertNull(client.remoteAddress());
        assertInstanceOf(NotYetConnectedException.class,
                client.writeAndFlush(Unpooled.copiedBuffer("x", CharsetUtil.US_ASCII)).await().cause());
        client.close().sync();
        server.close().sync();
    }
}
