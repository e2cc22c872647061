package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** A connect to a listener whose accept queue is full gets no SYN-ACK: the connect timeout must end it cleanly. */
class FaultConnectTimeoutTest {
    private static final int TIMEOUT_MILLIS = 500;
    private static final int ATTEMPTS = 3;

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void connectToAFullBacklogTimesOutAndLeavesNothing(UepollRing ring) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup group = new UepollEventLoopGroup(1, ring);
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();
            fillBacklog(address, fillers);
            UepollCounters counters = ((UepollEventLoop) group.next()).counters();
            group.next().submit(() -> { }).sync();
            long fdsBefore = countFds();
            for (int i = 0; i < ATTEMPTS; i++) {
                long start = System.nanoTime();
                ChannelFuture connect = client(group, noop()).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, TIMEOUT_MILLIS)
                        .connect(address);
                assertTrue(connect.await(10, TimeUnit.SECONDS), "the connect ended");
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertInstanceOf(ConnectTimeoutException.class, connect.cause(), "failed by its timeout");
                assertTrue(tookMillis >= TIMEOUT_MILLIS - 50, "not before the timeout: " + tookMillis + " ms");
                Channel channel = connect.channel();
                assertTrue(channel.closeFuture().await(5, TimeUnit.SECONDS), "the channel closed");
                assertFalse(channel.isOpen());
            }
            assertTrue(eventually(5_000, () -> counters.getRegistrations() == 0),
                    "registrations left: " + counters.getRegistrations());
            assertTrue(eventually(5_000, () -> countFds() <= fdsBefore), "fds: " + fdsBefore + " -> " + countFds());
        } finally {
            for (SocketChannel filler : fillers) {
                filler.close();
            }
            shutdown(group);
        }
    }

    /** Two connections fill a backlog of 1 (Linux queues backlog + 1); the kernel drops further SYNs. */
    static void fillBacklog(InetSocketAddress address, List<SocketChannel> fillers) throws Exception {
        for (int i = 0; i < 4; i++) {
            SocketChannel filler = SocketChannel.open();
            fillers.add(filler);
            filler.configureBlocking(false);
            filler.connect(address);
        }
        for (int i = 0; i < 2; i++) {
            SocketChannel filler = fillers.get(i);
            assertTrue(eventually(5_000, () -> {
                try {
                    return filler.finishConnect();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }), "filler " + i + " connected");
        }
    }
}
