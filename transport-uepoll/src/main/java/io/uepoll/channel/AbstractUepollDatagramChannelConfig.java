package io.uepoll.channel;

import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.unix.Socket;
import io.netty.util.internal.ObjectUtil;

import java.util.Map;

import static io.netty.channel.ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION;
import static io.netty.channel.ChannelOption.SO_RCVBUF;
import static io.netty.channel.ChannelOption.SO_SNDBUF;

/**
 * What every datagram socket's config holds (activity on registration, the batching options of
 * {@link UepollChannelOption}, SO_SNDBUF, SO_RCVBUF, 2048-byte receive buffers), written once; each
 * setter returns the concrete config type {@code C} (the ChannelConfig ones via
 * {@link AbstractUepollTypedChannelConfig}).
 */
abstract class AbstractUepollDatagramChannelConfig<C extends AbstractUepollDatagramChannelConfig<C>>
        extends AbstractUepollTypedChannelConfig<C> {
    private volatile boolean activeOnOpen;
    private volatile int maxDatagramPayloadSize;
    private volatile int sendBatch = AbstractUepollDatagramChannel.MAX_BATCH;

    AbstractUepollDatagramChannelConfig(AbstractUepollDatagramChannel channel, Socket socket,
                                        Map<ChannelOption<?>, LinuxSocketOptions.IntOption> linuxOptions) {
        super(channel, socket, linuxOptions);
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

    public C setMaxDatagramPayloadSize(int maxDatagramPayloadSize) {
        this.maxDatagramPayloadSize = ObjectUtil.checkPositiveOrZero(maxDatagramPayloadSize, "maxDatagramPayloadSize");
        return self();
    }

    /** See {@link UepollChannelOption#DATAGRAM_SEND_BATCH}. */
    public int getSendBatch() {
        return sendBatch;
    }

    public C setSendBatch(int sendBatch) {
        this.sendBatch = ObjectUtil.checkInRange(sendBatch, 1, AbstractUepollDatagramChannel.MAX_BATCH, "sendBatch");
        return self();
    }

    public int getSendBufferSize() {
        return SocketCalls.get(socket::getSendBufferSize);
    }

    public C setSendBufferSize(int sendBufferSize) {
        OptionValues.checkPositiveOrZero(SO_SNDBUF, sendBufferSize);
        SocketCalls.set(SO_SNDBUF, sendBufferSize, () -> socket.setSendBufferSize(sendBufferSize));
        return self();
    }

    public int getReceiveBufferSize() {
        return SocketCalls.get(socket::getReceiveBufferSize);
    }

    public C setReceiveBufferSize(int receiveBufferSize) {
        OptionValues.checkPositiveOrZero(SO_RCVBUF, receiveBufferSize);
        SocketCalls.set(SO_RCVBUF, receiveBufferSize, () -> socket.setReceiveBufferSize(receiveBufferSize));
        return self();
    }
}
