package io.uepoll.testsuite;

import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Netty's multicast tests pick the first interface that is up and has MULTICAST, and send to a group
 * through it (a probe first, then the test's datagrams). Tests here may only send traffic to
 * loopback, so they run only when every such interface is a loopback one.
 */
final class LoopbackMulticast {
    private LoopbackMulticast() {
    }

    static void assumeOnlyLoopbackCarriesMulticast(SocketProtocolFamily family) throws SocketException {
        List<String> loopback = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (NetworkInterface iface : NetUtil.NETWORK_INTERFACES) {
            if (iface.isUp() && iface.supportsMulticast() && hasAddressOf(iface, family)) {
                (iface.isLoopback() ? loopback : other).add(iface.getName());
            }
        }
        assumeTrue(other.isEmpty() && !loopback.isEmpty(), () -> "multicast " + family + " would go through "
                + (other.isEmpty() ? "no interface" : other + ", not loopback") + " (loopback interfaces with MULTICAST: "
                + loopback + "); tests here may only send traffic to loopback");
    }

    private static boolean hasAddressOf(NetworkInterface iface, SocketProtocolFamily family) {
        Enumeration<InetAddress> addresses = iface.getInetAddresses();
        while (addresses.hasMoreElements()) {
            InetAddress address = addresses.nextElement();
            if (family == SocketProtocolFamily.INET ? address instanceof Inet4Address : address instanceof Inet6Address) {
                return true;
            }
        }
        return false;
    }
}
