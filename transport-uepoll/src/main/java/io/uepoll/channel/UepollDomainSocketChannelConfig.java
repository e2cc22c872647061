package io.uepoll.channel;

import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannelConfig;
import io.netty.channel.unix.DomainSocketChannelConfig;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.Socket;
import io.netty.util.internal.ObjectUtil;

import java.util.Collections;
import java.util.Map;

import static io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE;
import static io.netty.channel.ChannelOption.SO_RCVBUF;
import static io.netty.channel.ChannelOption.SO_SNDBUF;
import static io.netty.channel.unix.UnixChannelOption.DOMAIN_SOCKET_READ_MODE;

/**
 * The config of {@link UepollDomainSocketChannel}: buffer sizes, half-closure, and whether the
 * channel reads bytes or file descriptors ({@link DomainSocketReadMode}).
 */
public final class UepollDomainSocketChannelConfig
        extends AbstractUepollTypedChannelConfig<UepollDomainSocketChannelConfig>
        implements DomainSocketChannelConfig, DuplexChannelConfig {
    private volatile DomainSocketReadMode readMode = DomainSocketReadMode.BYTES;
    private volatile boolean allowHalfClosure;

    UepollDomainSocketChannelConfig(UepollDomainSocketChannel channel, Socket socket) {
        super(channel, socket, Collections.emptyMap());
        setMaxBytesPerGatheringWrite(Math.max(getSendBufferSize(), 1) << 1);
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), DOMAIN_SOCKET_READ_MODE, ALLOW_HALF_CLOSURE, SO_SNDBUF, SO_RCVBUF);
    }

    @SuppressWarnings({"unchecked", "deprecation"})
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        if (option == DOMAIN_SOCKET_READ_MODE) {
            return (T) getReadMode();
        }
        if (option == ALLOW_HALF_CLOSURE) {
            return (T) Boolean.valueOf(isAllowHalfClosure());
        }
        if (option == SO_SNDBUF) {
            return (T) Integer.valueOf(getSendBufferSize());
        }
        if (option == SO_RCVBUF) {
            return (T) Integer.valueOf(getReceiveBufferSize());
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == DOMAIN_SOCKET_READ_MODE) {
            setReadMode((DomainSocketReadMode) value);
        } else if (option == ALLOW_HALF_CLOSURE) {
            setAllowHalfClosure((Boolean) value);
        } else if (option == SO_SNDBUF) {
            setSendBufferSize((Integer) value);
        } else if (option == SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    @Override
    public DomainSocketReadMode getReadMode() {
        return readMode;
    }

    /** BYTES reads the stream; FILE_DESCRIPTORS reads only descriptors passed with SCM_RIGHTS. */
    @Override
    public UepollDomainSocketChannelConfig setReadMode(DomainSocketReadMode mode) {
        readMode = ObjectUtil.checkNotNull(mode, "mode");
        return this;
    }

    @Override
    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    @Override
    public UepollDomainSocketChannelConfig setAllowHalfClosure(boolean allowHalfClosure) {
        this.allowHalfClosure = allowHalfClosure;
        return this;
    }

    public int getSendBufferSize() {
        return SocketCalls.get(socket::getSendBufferSize);
    }

    public UepollDomainSocketChannelConfig setSendBufferSize(int sendBufferSize) {
        OptionValues.checkPositiveOrZero(SO_SNDBUF, sendBufferSize);
        SocketCalls.set(SO_SNDBUF, sendBufferSize, () -> socket.setSendBufferSize(sendBufferSize));
        setMaxBytesPerGatheringWrite(Math.max(getSendBufferSize(), 1) << 1);
        return this;
    }

    public int getReceiveBufferSize() {
        return SocketCalls.get(socket::getReceiveBufferSize);
    }

    public UepollDomainSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        OptionValues.checkPositiveOrZero(SO_RCVBUF, receiveBufferSize);
        SocketCalls.set(SO_RCVBUF, receiveBufferSize, () -> socket.setReceiveBufferSize(receiveBufferSize));
        return this;
    }
}
