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
}
