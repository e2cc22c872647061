package io.uepoll.channel;

import io.netty.channel.unix.Socket;

/** The config of {@link UepollServerSocketChannel}: backlog, SO_REUSEADDR, SO_RCVBUF and the Linux server options. */
public final class UepollServerSocketChannelConfig
        extends AbstractUepollServerChannelConfig<UepollServerSocketChannelConfig> {

    UepollServerSocketChannelConfig(UepollServerSocketChannel channel, Socket socket) {
        super(channel, socket, LinuxSocketOptions.TCP_SERVER);
        // Like every Linux server Netty makes: a restarted server can bind while old sockets linger.
        setReuseAddress(true);
    }
}
