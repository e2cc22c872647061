package io.uepoll.channel;

import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.channel.unix.Socket;
import io.netty.util.internal.PlatformDependent;

import java.util.Map;

import static io.netty.channel.ChannelOption.*;

/** The config of {@link UepollSocketChannel}: the standard socket options plus {@link UepollChannelOption}s (TCP_MD5SIG among them). */
public final class UepollSocketChannelConfig extends AbstractUepollTypedChannelConfig<UepollSocketChannelConfig>
        implements SocketChannelConfig {
    private final TcpMd5Keys md5Keys = new TcpMd5Keys();
    private volatile boolean allowHalfClosure;

    UepollSocketChannelConfig(UepollSocketChannel channel, Socket socket) {
        super(channel, socket, LinuxSocketOptions.TCP);
        if (PlatformDependent.canEnableTcpNoDelayByDefault()) {
            setTcpNoDelay(true);
        }
        // Gathering writes start from twice the send buffer, as Netty's epoll does, then adapt.
        setMaxBytesPerGatheringWrite(Math.max(getSendBufferSize(), 1) << 1);
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), SO_RCVBUF, SO_SNDBUF, TCP_NODELAY, SO_KEEPALIVE, SO_REUSEADDR, SO_LINGER,
                IP_TOS, ALLOW_HALF_CLOSURE);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        Object value;
        if (option == SO_RCVBUF) {
            value = getReceiveBufferSize();
        } else if (option == SO_SNDBUF) {
            value = getSendBufferSize();
        } else if (option == TCP_NODELAY) {
            value = isTcpNoDelay();
        } else if (option == SO_KEEPALIVE) {
            value = isKeepAlive();
        } else if (option == SO_REUSEADDR) {
            value = isReuseAddress();
        } else if (option == SO_LINGER) {
            value = getSoLinger();
        } else if (option == IP_TOS) {
            value = getTrafficClass();
        } else if (option == ALLOW_HALF_CLOSURE) {
            value = isAllowHalfClosure();
        } else {
            return super.getOption(option);
        }
        return (T) value;
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else if (option == SO_SNDBUF) {
            setSendBufferSize((Integer) value);
        } else if (option == TCP_NODELAY) {
            setTcpNoDelay((Boolean) value);
        } else if (option == SO_KEEPALIVE) {
            setKeepAlive((Boolean) value);
        } else if (option == SO_REUSEADDR) {
            setReuseAddress((Boolean) value);
        } else if (option == SO_LINGER) {
            setSoLinger((Integer) value);
        } else if (option == IP_TOS) {
            setTrafficClass((Integer) value);
        } else if (option == ALLOW_HALF_CLOSURE) {
            setAllowHalfClosure((Boolean) value);
        } else if (option == UepollChannelOption.TCP_MD5SIG) {
            md5Keys.set(socket, (Map<?, ?>) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    private UepollSocketChannelConfig set(ChannelOption<?> option, Object value, SocketCalls.Setter call) {
        SocketCalls.set(option, value, call);
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return SocketCalls.get(socket::getReceiveBufferSize);
    }

    @Override
    public int getSendBufferSize() {
        return SocketCalls.get(socket::getSendBufferSize);
    }

    @Override
    public int getSoLinger() {
        return SocketCalls.get(socket::getSoLinger);
    }

    @Override
    public int getTrafficClass() {
        return SocketCalls.get(socket::getTrafficClass);
    }

    @Override
    public boolean isKeepAlive() {
        return SocketCalls.get(socket::isKeepAlive);
    }

    @Override
    public boolean isReuseAddress() {
        return SocketCalls.get(socket::isReuseAddress);
    }

    @Override
    public boolean isTcpNoDelay() {
        return SocketCalls.get(socket::isTcpNoDelay);
    }

    @Override
    public UepollSocketChannelConfig setKeepAlive(boolean keepAlive) {
        return set(SO_KEEPALIVE, keepAlive, () -> socket.setKeepAlive(keepAlive));
    }

    @Override
    public UepollSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this;
    }

    @Override
    public UepollSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        OptionValues.checkPositiveOrZero(SO_RCVBUF, receiveBufferSize);
        return set(SO_RCVBUF, receiveBufferSize, () -> socket.setReceiveBufferSize(receiveBufferSize));
    }

    @Override
    public UepollSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        return set(SO_REUSEADDR, reuseAddress, () -> socket.setReuseAddress(reuseAddress));
    }

    @Override
    public UepollSocketChannelConfig setSendBufferSize(int sendBufferSize) {
        OptionValues.checkPositiveOrZero(SO_SNDBUF, sendBufferSize);
        set(SO_SNDBUF, sendBufferSize, () -> socket.setSendBufferSize(sendBufferSize));
        setMaxBytesPerGatheringWrite(Math.max(getSendBufferSize(), 1) << 1);
        return this;
    }

    @Override
    public UepollSocketChannelConfig setSoLinger(int soLinger) {
        if (soLinger > 0) {
            ((UepollSocketChannel) channel).lingerMaybeSet = true; // before the kernel hears of it: a close may block from now on
        }
        return set(SO_LINGER, soLinger, () -> socket.setSoLinger(soLinger));
    }

    @Override
    public UepollSocketChannelConfig setTcpNoDelay(boolean tcpNoDelay) {
        return set(TCP_NODELAY, tcpNoDelay, () -> socket.setTcpNoDelay(tcpNoDelay));
    }

    @Override
    public UepollSocketChannelConfig setTrafficClass(int trafficClass) {
        OptionValues.checkRange(IP_TOS, trafficClass, 0, 255);
        return set(IP_TOS, trafficClass, () -> socket.setTrafficClass(trafficClass));
    }

    @Override
    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    @Override
    public UepollSocketChannelConfig setAllowHalfClosure(boolean allowHalfClosure) {
        this.allowHalfClosure = allowHalfClosure;
        return this;
    }
}
