package io.uepoll.vertx;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.socket.DatagramChannel;
import io.uepoll.channel.UepollChannelOption;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;

/**
 * The Linux-only settings of Vert.x's options, mapped onto {@link UepollChannelOption} the way
 * Vert.x maps them onto Netty's epoll options; the portable ones are left to the SPI's defaults.
 */
final class LinuxOptions {
    /**
     * Pending TCP fast-open requests a listener queues when {@code setTcpFastOpen(true)}: the
     * number Vert.x's epoll transport uses by default.
     */
    static final int PENDING_FAST_OPEN_REQUESTS = 256;

    private LinuxOptions() {
    }

    static void configure(DatagramChannel channel, DatagramSocketOptions options) {
        channel.config().setOption(UepollChannelOption.SO_REUSEPORT, options.isReusePort());
    }

    static void configure(NetServerOptions options, ServerBootstrap bootstrap) {
        bootstrap.option(UepollChannelOption.SO_REUSEPORT, options.isReusePort());
        if (options.isTcpFastOpen()) {
            bootstrap.option(UepollChannelOption.TCP_FASTOPEN, PENDING_FAST_OPEN_REQUESTS);
        }
        bootstrap.childOption(UepollChannelOption.TCP_QUICKACK, options.isTcpQuickAck());
        bootstrap.childOption(UepollChannelOption.TCP_CORK, options.isTcpCork());
    }

    static void configure(ClientOptionsBase options, Bootstrap bootstrap) {
        if (options.isTcpFastOpen()) {
            bootstrap.option(UepollChannelOption.TCP_FASTOPEN_CONNECT, true);
        }
        bootstrap.option(UepollChannelOption.TCP_USER_TIMEOUT, options.getTcpUserTimeout());
        bootstrap.option(UepollChannelOption.TCP_QUICKACK, options.isTcpQuickAck());
        bootstrap.option(UepollChannelOption.TCP_CORK, options.isTcpCork());
    }
}
