package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.uepoll.channel.EventLoopTestSupport.IoSetup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.AbuseSupport.countFds;
import static io.uepoll.channel.AbuseSupport.eventually;
import static io.uepoll.channel.AbuseSupport.shutdown;
import static io.uepoll.channel.EventLoopTestSupport.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCP client channels connect through the ring where it carries their receives (IO_URING, data path
 * ring: one IORING_OP_CONNECT, no EINPROGRESS, OUT poll or SO_ERROR read) and with connect() elsewhere;
 * the application sees no difference: the addresses, the data, a refused connect's exception, and a
 * close while the connect is in flight (the request cancelled, its address memory and fd released); and
 * the close that follows goes through the ring too there.
 */
class RingConnectTest {
    private static final int CONNECTS = 20;

    /**
     * Then the close: on IO_URING's ring data path the ring closes the fd (queued behind the cancels, no
     * close(2)); everywhere the peer sees the end of the stream and no fd is left.
     */
    @ParameterizedTest
    @EnumSource(IoSetup.class)
    void connectsKnowBothAddressesCarryDataAndCloseCleanly(IoSetup setup) throws Exception {
        UepollEventLoopGroup group = setup.group();
        try (ServerSocket listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
            UepollCounters counters = UepollCounters.of(group.next());
            InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();
            group.next().submit(() -> { }).sync();
            long fdsBefore = countFds();
            for (int i = 0; i < CONNECTS; i++) {
                BlockingQueue<String> received = new LinkedBlockingQueue<>();
                Channel ch = client(group, new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                        received.add(msg.toString(StandardCharsets.US_ASCII));
                    }
                }).connect(address).sync().channel();
                try (Socket peer = listener.accept()) {
                    InetSocketAddress local = (InetSocketAddress) ch.localAddress();
                    InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
                    assertEquals(peer.getPort(), local.getPort(), "local port is the peer's remote port");
                    assertNotEquals(0, local.getPort());
                    assertEquals(address.getPort(), remote.getPort());
                    assertEquals(address.getAddress(), remote.getAddress());
                    assertTrue(ch.isActive());
                    ch.writeAndFlush(Unpooled.copiedBuffer("ping" + i, StandardCharsets.US_ASCII)).sync();
                    byte[] ping = new byte[("ping" + i).length()];
                    new java.io.DataInputStream(peer.getInputStream()).readFully(ping);
                    assertEquals("ping" + i, new String(ping, StandardCharsets.US_ASCII));
                    peer.getOutputStream().write(("pong" + i).getBytes(StandardCharsets.US_ASCII));
                    assertEquals("pong" + i, received.poll(10, TimeUnit.SECONDS));
                    peer.setSoTimeout(10_000);
                    ch.close().sync();
                    assertEquals(-1, peer.getInputStream().read(), "the peer sees the end of the stream");
                }
            }
            assertTrue(eventually(5_000, () -> countFds() <= fdsBefore), "fds: " + fdsBefore + " -> " + countFds());
            assertEquals(setup.receivesThroughRing() ? CONNECTS : 0, counters.getRingConnects(), counters.toString());
            // A one-shot receive in flight (buffer ring off) keeps close(2): its buffer is released by the close.
            assertEquals(setup.receivesThroughRing() && setup.bufferRing ? CONNECTS : 0, counters.getRingCloses(),
                    counters.toString());
            assertEquals(0, counters.getLoopExceptions(), counters.toString());
        } finally {
            shutdown(group);
        }
    }

    @ParameterizedTest
    @EnumSource(IoSetup.class)
    void aRefusedConnectFailsWithConnectExceptionAndCloses(IoSetup setup) throws Exception {
        UepollEventLoopGroup group = setup.group();
        try {
            InetSocketAddress closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = (InetSocketAddress) s.getLocalSocketAddress();
            }
            ChannelFuture connect = client(group, EventLoopTestSupport.noop()).connect(closed);
            assertTrue(connect.await(10, TimeUnit.SECONDS), "the connect ended");
            assertInstanceOf(ConnectException.class, connect.cause(), String.valueOf(connect.cause()));
            assertTrue(connect.cause().getMessage().contains("Connection refused"), connect.cause().getMessage());
            assertTrue(connect.channel().closeFuture().await(5, TimeUnit.SECONDS), "the channel closed");
            assertEquals(0, UepollCounters.of(group.next()).getLoopExceptions());
        } finally {
            shutdown(group);
        }
    }

    @ParameterizedTest
    @EnumSource(IoSetup.class)
    void aCloseWhileConnectingFailsTheConnectAndLeavesNothing(IoSetup setup) throws Exception {
        UepollEventLoopGroup group = setup.group();
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();
            FaultConnectTimeoutTest.fillBacklog(address, fillers); // no SYN-ACK: the connect stays in flight
            UepollCounters counters = UepollCounters.of(group.next());
            group.next().submit(() -> { }).sync();
            long fdsBefore = countFds();
            for (int i = 0; i < 3; i++) {
                ChannelFuture connect = client(group, EventLoopTestSupport.noop())
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000).connect(address);
                Thread.sleep(50);
                assertFalse(connect.isDone(), "still connecting");
                connect.channel().close().sync();
                assertTrue(connect.await(5, TimeUnit.SECONDS), "the connect ended with the close");
                assertInstanceOf(ClosedChannelException.class, connect.cause(), String.valueOf(connect.cause()));
            }
            assertTrue(eventually(5_000, () -> counters.getRegistrations() == 0),
                    "registrations left: " + counters.getRegistrations());
            assertTrue(eventually(5_000, () -> countFds() <= fdsBefore), "fds: " + fdsBefore + " -> " + countFds());
            assertEquals(setup.receivesThroughRing() ? 3 : 0, counters.getRingConnects(),
                    "each cancelled connect completed once: " + counters);
            assertEquals(0, counters.getLoopExceptions(), counters.toString());
        } finally {
            for (SocketChannel filler : fillers) {
                filler.close();
            }
            shutdown(group);
        }
    }
}
