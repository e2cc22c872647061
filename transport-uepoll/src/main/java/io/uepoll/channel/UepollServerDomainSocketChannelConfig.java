package io.uepoll.channel;

import io.netty.channel.unix.Socket;

import java.util.Collections;

/** The config of {@link UepollServerDomainSocketChannel}: the backlog and the receive buffer accepted sockets start with. */
public final class UepollServerDomainSocketChannelConfig
        extends AbstractUepollServerChannelConfig<UepollServerDomainSocketChannelConfig> {

    UepollServerDomainSocketChannelConfig(UepollServerDomainSocketChannel channel, Socket socket) {
        super(channel, socket, Collections.emptyMap());
    }
}
