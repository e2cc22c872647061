package io.uepoll.channel;

import io.netty.channel.ChannelException;
import io.netty.channel.unix.Socket;
import io.uepoll.channel.internal.Sockaddrs;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Enumeration;

import static io.uepoll.channel.internal.LinuxConstants.*;

/**
 * The multicast socket options of a UDP socket, by family. An IPv6 socket also gets the IPv4 form of
 * every sending option (Linux applies SOL_IP options of an AF_INET6 socket to its IPv4-mapped
 * traffic); memberships use the protocol-independent MCAST_* requests at the group's own level.
 */
final class Multicast {
    /** struct ip_mreqn: in_addr multiaddr, in_addr address, int ifindex. */
    private static final int IP_MREQN_SIZE = 12;

    private Multicast() {
    }

    /**
     * IP_MULTICAST_ALL off, as NIO behaves: a socket receives only the groups it joined itself, not
     * every group some socket on the host joined for its port.
     */
    static void receiveOnlyJoinedGroups(Socket socket, boolean ipv6) throws IOException {
        DualFamilyFlag.MULTICAST_ALL.set(socket, ipv6, false);
    }

    /** MCAST_JOIN_GROUP and friends; {@code iface} null lets the kernel pick by route. */
    static void membership(Socket socket, int request, InetAddress group, NetworkInterface iface, InetAddress source)
            throws IOException {
        int level = group instanceof Inet4Address ? SOL_IP : SOL_IPV6;
        try {
            socket.setRawOpt(level, request, Sockaddrs.groupRequest(iface == null ? 0 : iface.getIndex(), group, source));
        } catch (ChannelException e) {
            // unix-common reports setsockopt errors as ChannelException; membership calls fail with an IOException.
            throw new IOException(requestName(request) + ' ' + group.getHostAddress()
                    + (source == null ? "" : " source " + source.getHostAddress())
                    + " on " + (iface == null ? "the routed interface" : iface.getName()) + " failed: " + e.getMessage(), e);
        }
    }

    private static String requestName(int request) {
        switch (request) {
            case MCAST_JOIN_GROUP: return "MCAST_JOIN_GROUP";
            case MCAST_BLOCK_SOURCE: return "MCAST_BLOCK_SOURCE";
            case MCAST_UNBLOCK_SOURCE: return "MCAST_UNBLOCK_SOURCE";
            case MCAST_LEAVE_GROUP: return "MCAST_LEAVE_GROUP";
            case MCAST_JOIN_SOURCE_GROUP: return "MCAST_JOIN_SOURCE_GROUP";
            case MCAST_LEAVE_SOURCE_GROUP: return "MCAST_LEAVE_SOURCE_GROUP";
            default: return "multicast request " + request;
        }
    }

    static void setNetworkInterface(Socket socket, boolean ipv6, NetworkInterface iface) throws IOException {
        InetAddress ipv4 = firstAddress(iface, Inet4Address.class);
        if (!ipv6 || ipv4 != null) {
            socket.setRawOpt(SOL_IP, IP_MULTICAST_IF, ipMreqn(ipv4, iface.getIndex()));
        }
        if (ipv6) {
            socket.setIntOpt(SOL_IPV6, IPV6_MULTICAST_IF, iface.getIndex());
        }
    }

    static NetworkInterface getNetworkInterface(Socket socket, boolean ipv6) throws IOException {
        if (ipv6) {
            int index = socket.getIntOpt(SOL_IPV6, IPV6_MULTICAST_IF);
            return index == 0 ? null : NetworkInterface.getByIndex(index);
        }
        InetAddress address = getIpv4Interface(socket);
        return address == null ? null : NetworkInterface.getByInetAddress(address);
    }

    static void setInterface(Socket socket, boolean ipv6, InetAddress address) throws IOException {
        NetworkInterface iface = NetworkInterface.getByInetAddress(address);
        if (iface == null) {
            throw new SocketException("no network interface has the address " + address);
        }
        if (ipv6) {
            setNetworkInterface(socket, true, iface);
        } else {
            socket.setRawOpt(SOL_IP, IP_MULTICAST_IF, ipMreqn(address, 0));
        }
    }

    static InetAddress getInterface(Socket socket, boolean ipv6) throws IOException {
        if (!ipv6) {
            return getIpv4Interface(socket);
        }
        NetworkInterface iface = getNetworkInterface(socket, true);
        if (iface == null) {
            return null;
        }
        InetAddress address = firstAddress(iface, Inet6Address.class);
        return address != null ? address : firstAddress(iface, Inet4Address.class);
    }

    static void setLoopbackModeDisabled(Socket socket, boolean ipv6, boolean disabled) throws IOException {
        int loop = disabled ? 0 : 1;
        socket.setIntOpt(SOL_IP, IP_MULTICAST_LOOP, loop);
        if (ipv6) {
            socket.setIntOpt(SOL_IPV6, IPV6_MULTICAST_LOOP, loop);
        }
    }

    static boolean isLoopbackModeDisabled(Socket socket, boolean ipv6) throws IOException {
        return (ipv6 ? socket.getIntOpt(SOL_IPV6, IPV6_MULTICAST_LOOP) : socket.getIntOpt(SOL_IP, IP_MULTICAST_LOOP)) == 0;
    }

    static void setTimeToLive(Socket socket, boolean ipv6, int ttl) throws IOException {
        socket.setIntOpt(SOL_IP, IP_MULTICAST_TTL, ttl);
        if (ipv6) {
            socket.setIntOpt(SOL_IPV6, IPV6_MULTICAST_HOPS, ttl);
        }
    }

    static int getTimeToLive(Socket socket, boolean ipv6) throws IOException {
        return ipv6 ? socket.getIntOpt(SOL_IPV6, IPV6_MULTICAST_HOPS) : socket.getIntOpt(SOL_IP, IP_MULTICAST_TTL);
    }

    /** The address IP_MULTICAST_IF holds (the kernel answers with an in_addr), null when unset. */
    private static InetAddress getIpv4Interface(Socket socket) throws IOException {
        ByteBuffer inAddr = ByteBuffer.allocate(4);
        socket.getRawOpt(SOL_IP, IP_MULTICAST_IF, inAddr);
        byte[] bytes = inAddr.array();
        InetAddress address = InetAddress.getByAddress(bytes);
        return address.isAnyLocalAddress() ? null : address;
    }

    private static ByteBuffer ipMreqn(InetAddress address, int interfaceIndex) {
        ByteBuffer mreqn = ByteBuffer.allocate(IP_MREQN_SIZE).order(ByteOrder.nativeOrder());
        if (address != null) {
            mreqn.put(4, address.getAddress());
        }
        mreqn.putInt(8, interfaceIndex);
        return mreqn;
    }

    private static InetAddress firstAddress(NetworkInterface iface, Class<? extends InetAddress> type) {
        Enumeration<InetAddress> addresses = iface.getInetAddresses();
        while (addresses.hasMoreElements()) {
            InetAddress address = addresses.nextElement();
            if (type.isInstance(address)) {
                return address;
            }
        }
        return null;
    }
}
