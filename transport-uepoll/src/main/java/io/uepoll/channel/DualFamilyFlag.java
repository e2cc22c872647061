package io.uepoll.channel;

import io.netty.channel.unix.Socket;

import java.io.IOException;

/**
 * A boolean SOL_IP option with an SOL_IPV6 twin: an IPv6 socket sets both (Linux applies the SOL_IP
 * one to its IPv4-mapped traffic) and reads its own family's.
 */
record DualFamilyFlag(int ipName, int ipv6Name) {
    private static final int SOL_IP = 0;
    private static final int SOL_IPV6 = 41;

    static final DualFamilyFlag RECV_ORIG_DST_ADDR = new DualFamilyFlag(20, 74);
    static final DualFamilyFlag MULTICAST_ALL = new DualFamilyFlag(49, 29);

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
