package io.uepoll.channel;

import io.netty.channel.unix.DomainDatagramChannelConfig;
import io.netty.channel.unix.Socket;

import java.util.Collections;

/**
 * The config of {@link UepollDomainDatagramChannel}: buffer sizes, activity on registration and
 * the batching options of {@link UepollChannelOption}. Receive buffers are 2048 bytes by default.
 */
public final class UepollDomainDatagramChannelConfig
        extends AbstractUepollDatagramChannelConfig<UepollDomainDatagramChannelConfig>
        implements DomainDatagramChannelConfig {

    UepollDomainDatagramChannelConfig(UepollDomainDatagramChannel channel, Socket socket) {
        super(channel, socket, Collections.emptyMap());
    }
}
