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
import java.util.function.Supplier;


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

    /** Runs {@code body} (which opens rings: they read their properties then) with a system property set. */
    static <T> T withProperty(String name, String value, Supplier<T> body) {
        String before = System.getProperty(name);
        System.setProperty(name, value);
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, before);
            }
        }
    }

    /**
     * The loops a data path contract runs on: IO_URING carrying the stream channels' sends and receives
     * (multishot receives into its provided-buffer ring, and one-shot receives with the buffer ring
     * turned off), IO_URING with syscalls, USERPOLL with its paired io_uring carrying the sends, and the
     * rings that use syscalls.
     */
    enum IoSetup {
        IO_URING_RING(UepollRing.IO_URING, UepollDataPath.RING, true),
        IO_URING_RING_ONESHOT(UepollRing.IO_URING, UepollDataPath.RING, false),
        IO_URING_DIRECT(UepollRing.IO_URING, UepollDataPath.DIRECT, true),
        EPOLL_WAIT(UepollRing.EPOLL_WAIT, UepollDataPath.DIRECT, true),
        USERPOLL(UepollRing.USERPOLL, UepollDataPath.DIRECT, true),
        USERPOLL_RING(UepollRing.USERPOLL, UepollDataPath.RING, true);

        final UepollRing ring;
        final UepollDataPath path;
        final boolean bufferRing;

        IoSetup(UepollRing ring, UepollDataPath path, boolean bufferRing) {
            this.ring = ring;
            this.path = path;
            this.bufferRing = bufferRing;
        }

        /** Whether stream sends are ring requests (then the loop's send counter moves). */
        boolean sendsThroughRing() {
            return path == UepollDataPath.RING && ring != UepollRing.EPOLL_WAIT;
        }

        /** Whether stream receives are ring requests too (IO_URING only: USERPOLL's follow its readiness). */
        boolean receivesThroughRing() {
            return path == UepollDataPath.RING && ring == UepollRing.IO_URING;
        }

        /** A group of one loop of this setup (skips the test when the ring is missing here), no spinning. */
        UepollEventLoopGroup group(int ringSize) {
            assumeRing(ring);
            return bufferRing ? new UepollEventLoopGroup(1, ring, ringSize, 0, path)
                    : new UepollEventLoopGroup(1, ring, ringSize, 0, path, 0);
        }

        UepollEventLoopGroup group() {
            return group(UepollIoHandler.DEFAULT_RING_SIZE);
        }
    }
}
