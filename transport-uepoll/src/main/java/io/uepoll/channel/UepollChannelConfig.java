package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.unix.Limits;
import io.netty.channel.unix.Socket;

import java.util.Map;

/**
 * Config shared by uepoll channels: the Linux int options of {@link LinuxSocketOptions}, the
 * gathering-write budget, Netty's epoll option names ({@link EpollOptionAliases}), and the type check
 * of every option's value ({@link OptionValues}) in {@link #validate}, which each subclass's
 * setOption calls before it casts.
 */
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
    protected void autoReadCleared() {
        ((AbstractUepollChannel) channel).autoReadCleared();
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
            return (T) linux.get(socket, option);
        }
        ChannelOption<?> ours = EpollOptionAliases.ours(option);
        if (ours != option) {
            // Through the most derived config again, which handles our option wherever it lives.
            return (T) getOption(ours);
        }
        if (EpollOptionAliases.isEpollMode(option)) {
            return (T) EpollOptionAliases.edgeTriggered();
        }
        return super.getOption(option);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        LinuxSocketOptions.IntOption linux = linuxOptions.get(option);
        if (linux != null) {
            linux.set(socket, option, value);
            return true;
        }
        ChannelOption<?> ours = EpollOptionAliases.ours(option);
        if (ours != option) {
            return setOption((ChannelOption<Object>) ours, value);
        }
        if (EpollOptionAliases.isEpollMode(option)) {
            EpollOptionAliases.checkEpollMode(value);
            return true;
        }
        return super.setOption(option, value);
    }

    /** Netty's null check, then the value's type, by the meaning of the option (an epoll alias checks as ours). */
    @Override
    protected <T> void validate(ChannelOption<T> option, T value) {
        super.validate(option, value);
        OptionValues.checkType(EpollOptionAliases.ours(option), option, value);
    }

    final long getMaxBytesPerGatheringWrite() {
        return maxBytesPerGatheringWrite;
    }

    final void setMaxBytesPerGatheringWrite(long maxBytesPerGatheringWrite) {
        this.maxBytesPerGatheringWrite = maxBytesPerGatheringWrite;
    }
}
