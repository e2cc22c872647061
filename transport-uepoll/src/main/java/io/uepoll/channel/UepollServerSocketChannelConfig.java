package io.uepoll.channel;

import io.netty.channel.ChannelOption;
import io.netty.channel.unix.Socket;

import java.util.Map;

/**
 * The config of {@link UepollServerSocketChannel}: backlog, SO_REUSEADDR, SO_RCVBUF, the Linux server
 * options, and TCP_MD5SIG (accepted connections inherit the listener's keys).
 */
public final class UepollServerSocketChannelConfig
        extends AbstractUepollServerChannelConfig<UepollServerSocketChannelConfig> {
    private final TcpMd5Keys md5Keys = new TcpMd5Keys();

    UepollServerSocketChannelConfig(UepollServerSocketChannel channel, Socket socket) {
        super(channel, socket, LinuxSocketOptions.TCP_SERVER);
        // Like every Linux server Netty makes: a restarted server can bind while old sockets linger.
        setReuseAddress(true);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == UepollChannelOption.TCP_MD5SIG) {
            md5Keys.set(socket, (Map<?, ?>) value);
            return true;
        }
        return super.setOption(option, value);
    }
}
