package io.uepoll.channel;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.unix.Socket;

import java.util.Map;

/**
 * The {@link io.netty.channel.ChannelConfig} setters every concrete uepoll config narrows, written once:
 * each returns the concrete config type {@code C}, so {@code config.setAutoRead(false)} still types as
 * that config (and as whichever Netty config interface it implements) in user code. Where a config
 * returned {@code ChannelConfig} before (the Unix datagram one's deprecated water-mark setters, the
 * server ones' setAutoClose) the type only narrows, which callers' source accepts.
 */
abstract class AbstractUepollTypedChannelConfig<C extends AbstractUepollTypedChannelConfig<C>>
        extends UepollChannelConfig {

    AbstractUepollTypedChannelConfig(Channel channel, Socket socket,
                                     Map<ChannelOption<?>, LinuxSocketOptions.IntOption> linuxOptions) {
        super(channel, socket, linuxOptions);
    }

    @SuppressWarnings("unchecked")
    final C self() {
        return (C) this;
    }

    @Override
    @Deprecated
    public C setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return self();
    }

    @Override
    public C setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return self();
    }

    @Override
    public C setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return self();
    }

    @Override
    public C setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return self();
    }

    @Override
    public C setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return self();
    }

    @Override
    public C setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return self();
    }

    @Override
    public C setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return self();
    }

    @Override
    @Deprecated
    public C setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return self();
    }

    @Override
    @Deprecated
    public C setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return self();
    }

    @Override
    public C setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return self();
    }

    @Override
    public C setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return self();
    }
}
