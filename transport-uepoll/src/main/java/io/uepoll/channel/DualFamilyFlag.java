package io.uepoll.channel;

import io.netty.channel.unix.Socket;

import java.io.IOException;

import static io.uepoll.channel.internal.LinuxConstants.*;

/**
 * A boolean SOL_IP option with an SOL_IPV6 twin: an IPv6 socket sets both (Linux applies the SOL_IP
 * one to its IPv4-mapped traffic) and reads its own family's.
 */
record DualFamilyFlag(int ipName, int ipv6Name) {

    static final DualFamilyFlag RECV_ORIG_DST_ADDR = new DualFamilyFlag(IP_ORIGDSTADDR, IPV6_ORIGDSTADDR);
    static final DualFamilyFlag MULTICAST_ALL = new DualFamilyFlag(IP_MULTICAST_ALL, IPV6_MULTICAST_ALL);

    boolean get(Socket socket, boolean ipv6) throws IOException {
        return (ipv6 ? socket.getIntOpt(SOL_IPV6, ipv6Name) : socket.getIntOpt(SOL_IP, ipName)) != 0;
    }

    void set(Socket socket, boolean ipv6, boolean enabled) throws IOException {
        int value = enabled ? 1 : 0;
        socket.setIntOpt(SOL_IP, ipName, value);
        if (ipv6) {
            socket.setIntOpt(SOL_IPV6, ipv6Name, value);
        }
    }
}
