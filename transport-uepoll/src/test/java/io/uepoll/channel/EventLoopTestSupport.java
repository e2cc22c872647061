package io.uepoll.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Helpers for tests that run real channels on a loop of each ring. */
final class EventLoopTestSupport {
    private EventLoopTestSupport() {
    }

    static void assumeRing(UepollRing ring) {
        Uepoll.ensureAvailability();
        assumeTrue(Uepoll.isRingAvailable(ring), () -> ring + " is not available on this kernel: "
                + Uepoll.ringUnavailabilityCause(ring));
        // The QEMU guest run (kernel/guest-java-tests.sh) selects the ring it exists for.
        String selected = System.getProperty("uepoll.test.rings");
        assumeTrue(selected == null || java.util.Arrays.asList(selected.split(",")).contains(ring.name()),
                () -> ring + " not selected by -Duepoll.test.rings=" + selected);
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
