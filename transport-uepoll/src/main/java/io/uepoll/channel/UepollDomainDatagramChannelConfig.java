package io.uepoll.channel;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.unix.DomainDatagramChannelConfig;
import io.netty.channel.unix.Socket;
import io.netty.util.internal.ObjectUtil;

import java.util.Collections;
import java.util.Map;

import static io.netty.channel.ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION;
import static io.netty.channel.ChannelOption.SO_RCVBUF;
import static io.netty.channel.ChannelOption.SO_SNDBUF;

/**
 * The config of {@link UepollDomainDatagramChannel}: buffer sizes, activity on registration and
 * the batching options of {@link UepollChannelOption}. Receive buffers are 2048 bytes by default.
 */
public final class UepollDomainDatagramChannelConfig extends UepollChannelConfig implements DomainDatagramChannelConfig {
    private final UepollDomainDatagramChannel channel;
    private volatile boolean activeOnOpen;
    private volatile int maxDatagramPayloadSize;
    private volatile int sendBatch = AbstractUepollDatagramChannel.MAX_BATCH;

    UepollDomainDatagramChannelConfig(UepollDomainDatagramChannel channel, Socket socket) {
        super(channel, socket, Collections.emptyMap());
        this.channel = channel;
        FixedRecvByteBufAllocator allocator = new FixedRecvByteBufAllocator(2048);
        allocator.maxMessagesPerRead(channel.metadata().defaultMaxMessagesPerRead());
        setRecvByteBufAllocator(allocator);
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, SO_SNDBUF, SO_RCVBUF,
                UepollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UepollChannelOption.DATAGRAM_SEND_BATCH);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        Object value;
        if (option == DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION) {
            value = activeOnOpen;
        } else if (option == SO_SNDBUF) {
            value = getSendBufferSize();
        } else if (option == SO_RCVBUF) {
            value = getReceiveBufferSize();
        } else if (option == UepollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE) {
            value = getMaxDatagramPayloadSize();
        } else if (option == UepollChannelOption.DATAGRAM_SEND_BATCH) {
            value = getSendBatch();
        } else {
            return super.getOption(option);
        }
        return (T) value;
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION) {
            setActiveOnOpen((Boolean) value);
        } else if (option == SO_SNDBUF) {
            setSendBufferSize((Integer) value);
        } else if (option == SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else if (option == UepollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE) {
            setMaxDatagramPayloadSize((Integer) value);
        } else if (option == UepollChannelOption.DATAGRAM_SEND_BATCH) {
            setSendBatch((Integer) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    boolean getActiveOnOpen() {
        return activeOnOpen;
    }

    private void setActiveOnOpen(boolean activeOnOpen) {
        if (channel.isRegistered()) {
            throw new IllegalStateException("DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION can only be set before registration");
        }
        this.activeOnOpen = activeOnOpen;
    }

    /** See {@link UepollChannelOption#MAX_DATAGRAM_PAYLOAD_SIZE}. */
    public int getMaxDatagramPayloadSize() {
        return maxDatagramPayloadSize;
    }

    public UepollDomainDatagramChannelConfig setMaxDatagramPayloadSize(int maxDatagramPayloadSize) {
        this.maxDatagramPayloadSize = ObjectUtil.checkPositiveOrZero(maxDatagramPayloadSize, "maxDatagramPayloadSize");
        return this;
    }

    /** See {@link UepollChannelOption#DATAGRAM_SEND_BATCH}. */
    public int getSendBatch() {
        return sendBatch;
    }

    public UepollDomainDatagramChannelConfig setSendBatch(int sendBatch) {
        this.sendBatch = ObjectUtil.checkInRange(sendBatch, 1, AbstractUepollDatagramChannel.MAX_BATCH, "sendBatch");
        return this;
    }

    @Override
    public int getSendBufferSize() {
        return SocketCalls.get(socket::getSendBufferSize);
    }

    @Override
    public UepollDomainDatagramChannelConfig setSendBufferSize(int sendBufferSize) {
        SocketCalls.set(() -> socket.setSendBufferSize(sendBufferSize));
        return this;
    }

    public int getReceiveBufferSize() {
        return SocketCalls.get(socket::getReceiveBufferSize);
    }

    public UepollDomainDatagramChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        SocketCalls.set(() -> socket.setReceiveBufferSize(receiveBufferSize));
        return this;
    }

    @Override
    @Deprecated
    public UepollDomainDatagramChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public UepollDomainDatagramChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public UepollDomainDatagramChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    public UepollDomainDatagramChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public UepollDomainDatagramChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public UepollDomainDatagramChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public UepollDomainDatagramChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    public UepollDomainDatagramChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }

    @Override
    public UepollDomainDatagramChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }
}
