package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.unix.Limits;
import io.netty.channel.unix.Socket;

import java.util.Map;

/** Config shared by uepoll channels: the Linux int options of {@link LinuxSocketOptions} and the gathering-write budget. */
abstract class UepollChannelConfig extends DefaultChannelConfig {
    final Socket socket;
    private final Map<ChannelOption<?>, LinuxSocketOptions.IntOption> linuxOptions;
    private volatile long maxBytesPerGatheringWrite = Limits.SSIZE_MAX;

    UepollChannelConfig(Channel channel, Socket socket, Map<ChannelOption<?>, LinuxSocketOptions.IntOption> linuxOptions) {
        super(channel);
        this.socket = socket;
        this.linuxOptions = linuxOptions;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), linuxOptions.keySet().toArray(new ChannelOption<?>[0]));
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        LinuxSocketOptions.IntOption linux = linuxOptions.get(option);
        if (linux != null) {
            return (T) LinuxSocketOptions.get(socket, linux, option);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        LinuxSocketOptions.IntOption linux = linuxOptions.get(option);
        if (linux != null) {
            validate(option, value);
            LinuxSocketOptions.set(socket, linux, option, value);
            return true;
        }
        return super.setOption(option, value);
    }

    final long getMaxBytesPerGatheringWrite() {
        return maxBytesPerGatheringWrite;
    }

    final void setMaxBytesPerGatheringWrite(long maxBytesPerGatheringWrite) {
        this.maxBytesPerGatheringWrite = maxBytesPerGatheringWrite;
    }
}
