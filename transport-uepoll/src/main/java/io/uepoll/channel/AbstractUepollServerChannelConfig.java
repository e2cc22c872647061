package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ServerSocketChannelConfig;
import io.netty.channel.unix.Socket;
import io.netty.util.NetUtil;

import java.util.Map;

import static io.netty.channel.ChannelOption.SO_BACKLOG;
import static io.netty.channel.ChannelOption.SO_RCVBUF;
import static io.netty.channel.ChannelOption.SO_REUSEADDR;

/**
 * What every listening socket's config holds (backlog, SO_REUSEADDR, SO_RCVBUF), written once; each
 * setter returns the concrete config type {@code C} (the ChannelConfig ones via
 * {@link AbstractUepollTypedChannelConfig}).
 */
abstract class AbstractUepollServerChannelConfig<C extends AbstractUepollServerChannelConfig<C>>
        extends AbstractUepollTypedChannelConfig<C> implements ServerSocketChannelConfig {
    private volatile int backlog = NetUtil.SOMAXCONN;

    AbstractUepollServerChannelConfig(Channel channel, Socket socket,
                                      Map<ChannelOption<?>, LinuxSocketOptions.IntOption> linuxOptions) {
        super(channel, socket, linuxOptions);
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), SO_RCVBUF, SO_REUSEADDR, SO_BACKLOG);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        if (option == SO_RCVBUF) {
            return (T) Integer.valueOf(getReceiveBufferSize());
        }
        if (option == SO_REUSEADDR) {
            return (T) Boolean.valueOf(isReuseAddress());
        }
        if (option == SO_BACKLOG) {
            return (T) Integer.valueOf(getBacklog());
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else if (option == SO_REUSEADDR) {
            setReuseAddress((Boolean) value);
        } else if (option == SO_BACKLOG) {
            setBacklog((Integer) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    @Override
    public int getBacklog() {
        return backlog;
    }

    @Override
    public C setBacklog(int backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be >= 0: " + backlog);
        }
        this.backlog = backlog;
        return self();
    }

    /** For AF_UNIX SO_REUSEADDR means nothing to the kernel; it is kept for code written against TCP. */
    @Override
    public boolean isReuseAddress() {
        return SocketCalls.get(socket::isReuseAddress);
    }

    @Override
    public C setReuseAddress(boolean reuseAddress) {
        SocketCalls.set(SO_REUSEADDR, reuseAddress, () -> socket.setReuseAddress(reuseAddress));
        return self();
    }

    @Override
    public int getReceiveBufferSize() {
        return SocketCalls.get(socket::getReceiveBufferSize);
    }

    @Override
    public C setReceiveBufferSize(int receiveBufferSize) {
        OptionValues.checkPositiveOrZero(SO_RCVBUF, receiveBufferSize);
        SocketCalls.set(SO_RCVBUF, receiveBufferSize, () -> socket.setReceiveBufferSize(receiveBufferSize));
        return self();
    }

    @Override
    public C setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return self();
    }
}
