package io.uepoll.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.uepoll.channel.internal.RingTestSupport;

import java.net.InetAddress;
import java.net.InetSocketAddress;


/** Helpers for tests that run real channels on a loop of each ring. */
final class EventLoopTestSupport {
    private EventLoopTestSupport() {
    }

    static void assumeRing(UepollRing ring) {
        RingTestSupport.assumeRing(ring);
    }

    static Channel bindServer(EventLoopGroup group, ChannelHandler childHandler) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                .childHandler(childHandler)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    static Bootstrap client(EventLoopGroup group, ChannelHandler handler) {
        return new Bootstrap().group(group).channel(UepollSocketChannel.class).handler(handler);
    }

    static ChannelHandler noop() {
        return new ChannelInboundHandlerAdapter();
    }

    /**
     * The loops a data path contract runs on: IO_URING carrying the stream channels' sends and receives,
     * IO_URING with syscalls, and the rings that always use syscalls.
     */
    enum IoSetup {
        IO_URING_RING(UepollRing.IO_URING, UepollDataPath.RING),
        IO_URING_DIRECT(UepollRing.IO_URING, UepollDataPath.DIRECT),
        EPOLL_WAIT(UepollRing.EPOLL_WAIT, UepollDataPath.DIRECT),
        USERPOLL(UepollRing.USERPOLL, UepollDataPath.DIRECT);

        final UepollRing ring;
        final UepollDataPath path;

        IoSetup(UepollRing ring, UepollDataPath path) {
            this.ring = ring;
            this.path = path;
        }

        /** Whether stream bytes move as ring requests (then the loop's send and receive counters move). */
        boolean ringCarriesIo() {
            return ring == UepollRing.IO_URING && path == UepollDataPath.RING;
        }

        /** A group of one loop of this setup (skips the test when the ring is missing here), no spinning. */
        UepollEventLoopGroup group(int ringSize) {
            assumeRing(ring);
            return new UepollEventLoopGroup(1, ring, ringSize, 0, path);
        }

        UepollEventLoopGroup group() {
            return group(UepollIoHandler.DEFAULT_RING_SIZE);
        }
    }
}
