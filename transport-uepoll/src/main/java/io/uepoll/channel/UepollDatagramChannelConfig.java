package io.uepoll.channel;

import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramChannelConfig;
import io.netty.channel.unix.Socket;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Map;

import static io.netty.channel.ChannelOption.*;

/**
 * The config of {@link UepollDatagramChannel}: the standard datagram options, multicast by family,
 * and the Linux ones of {@link UepollChannelOption} (SO_REUSEPORT, IP_TRANSPARENT, IP_FREEBIND,
 * IP_RECVORIGDSTADDR, IP_MULTICAST_ALL, UDP_GRO, batching). Receive buffers are 2048 bytes by default, as in Netty.
 */
public final class UepollDatagramChannelConfig
        extends AbstractUepollDatagramChannelConfig<UepollDatagramChannelConfig> implements DatagramChannelConfig {
    private final UepollDatagramChannel channel;

    UepollDatagramChannelConfig(UepollDatagramChannel channel, Socket socket) {
        super(channel, socket, LinuxSocketOptions.UDP);
        this.channel = channel;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), SO_BROADCAST, SO_REUSEADDR, IP_MULTICAST_LOOP_DISABLED,
                IP_MULTICAST_ADDR, IP_MULTICAST_IF, IP_MULTICAST_TTL, IP_TOS, UepollChannelOption.IP_RECVORIGDSTADDR,
                UepollChannelOption.IP_MULTICAST_ALL);
    }

    @SuppressWarnings({"unchecked", "deprecation"})
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        Object value;
        if (option == SO_BROADCAST) {
            value = isBroadcast();
        } else if (option == SO_REUSEADDR) {
            value = isReuseAddress();
        } else if (option == IP_MULTICAST_LOOP_DISABLED) {
            value = isLoopbackModeDisabled();
        } else if (option == IP_MULTICAST_ADDR) {
            value = getInterface();
        } else if (option == IP_MULTICAST_IF) {
            value = getNetworkInterface();
        } else if (option == IP_MULTICAST_TTL) {
            value = getTimeToLive();
        } else if (option == IP_TOS) {
            value = getTrafficClass();
        } else if (option == UepollChannelOption.IP_RECVORIGDSTADDR) {
            value = isIpRecvOrigDestAddr();
        } else if (option == UepollChannelOption.IP_MULTICAST_ALL) {
            value = isIpMulticastAll();
        } else {
            return super.getOption(option);
        }
        return (T) value;
    }

    @SuppressWarnings("deprecation")
    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == SO_BROADCAST) {
            setBroadcast((Boolean) value);
        } else if (option == SO_REUSEADDR) {
            setReuseAddress((Boolean) value);
        } else if (option == IP_MULTICAST_LOOP_DISABLED) {
            setLoopbackModeDisabled((Boolean) value);
        } else if (option == IP_MULTICAST_ADDR) {
            setInterface((InetAddress) value);
        } else if (option == IP_MULTICAST_IF) {
            setNetworkInterface((NetworkInterface) value);
        } else if (option == IP_MULTICAST_TTL) {
            setTimeToLive((Integer) value);
        } else if (option == IP_TOS) {
            setTrafficClass((Integer) value);
        } else if (option == UepollChannelOption.IP_RECVORIGDSTADDR) {
            setIpRecvOrigDestAddr((Boolean) value);
        } else if (option == UepollChannelOption.IP_MULTICAST_ALL) {
            setIpMulticastAll((Boolean) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    /** See {@link UepollChannelOption#IP_RECVORIGDSTADDR}. */
    public boolean isIpRecvOrigDestAddr() {
        return SocketCalls.get(() -> DualFamilyFlag.RECV_ORIG_DST_ADDR.get(socket, channel.ipv6));
    }

    public UepollDatagramChannelConfig setIpRecvOrigDestAddr(boolean enabled) {
        SocketCalls.set(UepollChannelOption.IP_RECVORIGDSTADDR, enabled,
                () -> DualFamilyFlag.RECV_ORIG_DST_ADDR.set(socket, channel.ipv6, enabled));
        return this;
    }

    /** See {@link UepollChannelOption#IP_MULTICAST_ALL}. */
    public boolean isIpMulticastAll() {
        return SocketCalls.get(() -> DualFamilyFlag.MULTICAST_ALL.get(socket, channel.ipv6));
    }

    public UepollDatagramChannelConfig setIpMulticastAll(boolean enabled) {
        SocketCalls.set(UepollChannelOption.IP_MULTICAST_ALL, enabled,
                () -> DualFamilyFlag.MULTICAST_ALL.set(socket, channel.ipv6, enabled));
        return this;
    }

    @Override
    public int getTrafficClass() {
        return SocketCalls.get(socket::getTrafficClass);
    }

    @Override
    public UepollDatagramChannelConfig setTrafficClass(int trafficClass) {
        OptionValues.checkRange(IP_TOS, trafficClass, 0, 255);
        SocketCalls.set(IP_TOS, trafficClass, () -> socket.setTrafficClass(trafficClass));
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return SocketCalls.get(socket::isReuseAddress);
    }

    @Override
    public UepollDatagramChannelConfig setReuseAddress(boolean reuseAddress) {
        SocketCalls.set(SO_REUSEADDR, reuseAddress, () -> socket.setReuseAddress(reuseAddress));
        return this;
    }

    @Override
    public boolean isBroadcast() {
        return SocketCalls.get(socket::isBroadcast);
    }

    @Override
    public UepollDatagramChannelConfig setBroadcast(boolean broadcast) {
        SocketCalls.set(SO_BROADCAST, broadcast, () -> socket.setBroadcast(broadcast));
        return this;
    }

    @Override
    public boolean isLoopbackModeDisabled() {
        return SocketCalls.get(() -> Multicast.isLoopbackModeDisabled(socket, channel.ipv6));
    }

    @Override
    public UepollDatagramChannelConfig setLoopbackModeDisabled(boolean loopbackModeDisabled) {
        SocketCalls.set(IP_MULTICAST_LOOP_DISABLED, loopbackModeDisabled, () -> Multicast.setLoopbackModeDisabled(socket, channel.ipv6, loopbackModeDisabled));
        return this;
    }

    @Override
    public int getTimeToLive() {
        return SocketCalls.get(() -> Multicast.getTimeToLive(socket, channel.ipv6));
    }

    @Override
    public UepollDatagramChannelConfig setTimeToLive(int ttl) {
        SocketCalls.set(IP_MULTICAST_TTL, ttl, () -> Multicast.setTimeToLive(socket, channel.ipv6, ttl));
        return this;
    }

    @Override
    public InetAddress getInterface() {
        return SocketCalls.get(() -> Multicast.getInterface(socket, channel.ipv6));
    }

    @Override
    public UepollDatagramChannelConfig setInterface(InetAddress interfaceAddress) {
        SocketCalls.set(IP_MULTICAST_ADDR, interfaceAddress, () -> Multicast.setInterface(socket, channel.ipv6, interfaceAddress));
        return this;
    }

    @Override
    public NetworkInterface getNetworkInterface() {
        return SocketCalls.get(() -> Multicast.getNetworkInterface(socket, channel.ipv6));
    }

    @Override
    public UepollDatagramChannelConfig setNetworkInterface(NetworkInterface networkInterface) {
        SocketCalls.set(IP_MULTICAST_IF, networkInterface, () -> Multicast.setNetworkInterface(socket, channel.ipv6, networkInterface));
        return this;
    }
}