package io.uepoll.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.EventLoopTestSupport.assumeRing;
import static org.junit.jupiter.api.Assertions.*;

/** One SO_REUSEPORT listener per loop: the kernel spreads connections, each loop accepts its share. */
class UepollReusePortTest {
    private static final int LOOPS = 4;
    /** Written by a child whose loop is not its listener's. */
    private static final int WRONG_LOOP = 0xFF;

    private final Map<EventExecutor, Integer> loopIndex = new ConcurrentHashMap<>();
    private EventLoopGroup group;

    @AfterEach
    void shutDown() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void connectionsSpreadOverEveryLoop(UepollRing ring) throws Exception {
        List<UepollServerSocketChannel> listeners = bindOnEveryLoop(ring);
        int port = listeners.get(0).localAddress().getPort();
        for (UepollServerSocketChannel listener : listeners) {
            assertEquals(port, listener.localAddress().getPort(), "port 0 resolved once, shared by all");
            assertTrue(listener.config().getOption(UepollChannelOption.SO_REUSEPORT));
        }
        assertEquals(LOOPS, listeners.stream().map(Channel::eventLoop).distinct().count(), "one loop each");

        int[] accepted = new int[LOOPS];
        for (int i = 0; i < 200; i++) {
            accepted[acceptingLoop(port)]++;
        }
        for (int loop = 0; loop < LOOPS; loop++) {
            assertTrue(accepted[loop] > 0, "every loop accepted: " + Arrays.toString(accepted));
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void closingOneListenerLeavesTheOthersServing(UepollRing ring) throws Exception {
        List<UepollServerSocketChannel> listeners = bindOnEveryLoop(ring);
        int port = listeners.get(0).localAddress().getPort();
        int closed = loopIndex.get(listeners.get(1).eventLoop());
        listeners.get(1).close().sync();
        for (int i = 0; i < 100; i++) {
            int loop = acceptingLoop(port);
            assertNotEquals(closed, loop, "connection " + i + " accepted by the closed listener's loop");
        }
        for (UepollServerSocketChannel listener : listeners) {
            assertEquals(listener != listeners.get(1), listener.isActive());
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void aPortHeldWithoutReusePortFailsTheBind(UepollRing ring) throws Exception {
        assumeRing(ring);
        group = new UepollEventLoopGroup(LOOPS, ring);
        try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Future<List<UepollServerSocketChannel>> bind = UepollReusePort.bind(
                    new ServerBootstrap().childHandler(new ChannelInboundHandlerAdapter()), group,
                    holder.getLocalSocketAddress());
            assertTrue(bind.await(10, TimeUnit.SECONDS), "the bind completes");
            assertFalse(bind.isSuccess());
            assertTrue(String.valueOf(bind.cause().getMessage()).contains("Address already in use"),
                    String.valueOf(bind.cause()));
        }
    }

    @Test
    void aBootstrapWithAGroupIsRejected() {
        group = new UepollEventLoopGroup(1);
        ServerBootstrap withGroup = new ServerBootstrap().group(group);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UepollReusePort.bind(
                withGroup, group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        assertTrue(e.getMessage().contains("group"), e.getMessage());
    }

    @Test
    void aChannelOtherThanTheTcpListenerIsRejectedAndClosed(@TempDir Path dir) throws Exception {
        group = new UepollEventLoopGroup(2);
        ServerBootstrap domain = new ServerBootstrap().channel(UepollServerDomainSocketChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter());
        Future<List<UepollServerSocketChannel>> bind = UepollReusePort.bind(domain, group,
                new DomainSocketAddress(dir.resolve("s").toFile()));
        assertTrue(bind.await(10, TimeUnit.SECONDS), "the bind completes");
        assertInstanceOf(IllegalArgumentException.class, bind.cause());
        assertTrue(bind.cause().getMessage().contains("UepollServerDomainSocketChannel"), bind.cause().getMessage());
    }

    private List<UepollServerSocketChannel> bindOnEveryLoop(UepollRing ring) throws InterruptedException {
        assumeRing(ring);
        group = new UepollEventLoopGroup(LOOPS, ring);
        for (EventExecutor loop : group) {
            loopIndex.put(loop, loopIndex.size());
        }
        ServerBootstrap bootstrap = new ServerBootstrap().childHandler(new AnswerWithLoopIndex());
        List<UepollServerSocketChannel> listeners = UepollReusePort.bind(bootstrap, group,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().getNow();
        assertEquals(LOOPS, listeners.size());
        return listeners;
    }

    /** Connects, reads the byte the accepted child writes: the index of the loop that accepted it. */
    private static int acceptingLoop(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            int loop = in.read();
            assertTrue(loop >= 0 && loop < LOOPS, "the child answered with its loop index: " + loop);
            return loop;
        }
    }

    @ChannelHandler.Sharable
    private final class AnswerWithLoopIndex extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel child = ctx.channel();
            int answer = child.eventLoop() == child.parent().eventLoop() ? loopIndex.get(child.eventLoop()) : WRONG_LOOP;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) answer})).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
