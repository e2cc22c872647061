package io.uepoll.channel.internal;

import io.netty.channel.unix.DomainSocketAddress;
import io.uepoll.channel.Uepoll;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The socket structs Java lays out are the ones C compiles, and addresses survive a trip through them. */
class SocketLayoutTest {
    @Test
    void layoutMatchesC() {
        Uepoll.ensureAvailability();
        assertArrayEquals(SocketLayout.EXPECTED_C_LAYOUT, NativeSocket.layout());
    }

    @Test
    void cmsgSpaceAndLenFollowTheGlibcMacros() {
        assertEquals(24, SocketLayout.cmsgSpace(2)); // UDP_SEGMENT's u16
        assertEquals(18, SocketLayout.cmsgLen(2));
        assertEquals(48, SocketLayout.cmsgSpace(SocketLayout.SOCKADDR_IN6_SIZE));
    }

    @Test
    void inetAddressesRoundTrip() throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(SocketLayout.SOCKADDR_STORAGE_SIZE).order(ByteOrder.nativeOrder());
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 40000);
        assertEquals(SocketLayout.SOCKADDR_IN_SIZE, Sockaddrs.putInet(buf, 0, v4, false));
        assertEquals(0x9c, buf.get(SocketLayout.SIN_PORT) & 0xff, "port in network order");
        assertEquals(v4, Sockaddrs.getInet(buf, 0));

        // An IPv4 peer of an IPv6 socket travels as ::ffff:a.b.c.d and comes back as IPv4.
        assertEquals(SocketLayout.SOCKADDR_IN6_SIZE, Sockaddrs.putInet(buf, 0, v4, true));
        assertEquals(LinuxConstants.AF_INET6, buf.getShort(0));
        InetSocketAddress back = Sockaddrs.getInet(buf, 0);
        assertInstanceOf(Inet4Address.class, back.getAddress());
        assertEquals(v4, back);

        InetSocketAddress v6 = new InetSocketAddress(Inet6Address.getByAddress(null,
                InetAddress.getByName("fe80::1").getAddress(), 3), 53);
        Sockaddrs.putInet(buf, 0, v6, true);
        assertEquals(3, buf.getInt(SocketLayout.SIN6_SCOPE_ID));
        assertEquals(v6, Sockaddrs.getInet(buf, 0));
    }

    @Test
    void unixAddressesKeepAbstractNames() {
        ByteBuffer buf = ByteBuffer.allocate(SocketLayout.SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
        byte[] path = "\0abstract\0with-nul".getBytes(StandardCharsets.UTF_8);
        int length = Sockaddrs.putUnix(buf, 0, path);
        assertEquals(new DomainSocketAddress("\0abstract\0with-nul"), Sockaddrs.getUnix(buf, 0, length));

        byte[] file = "/tmp/x.sock\0".getBytes(StandardCharsets.UTF_8); // the kernel may count the NUL
        length = Sockaddrs.putUnix(buf, 0, file);
        assertEquals(new DomainSocketAddress("/tmp/x.sock"), Sockaddrs.getUnix(buf, 0, length));
        assertEquals(new DomainSocketAddress(""), Sockaddrs.getUnix(buf, 0, SocketLayout.SUN_PATH));
    }

    @Test
    void pathsLongerThanSunPathAreRefused() {
        assertEquals(107, Sockaddrs.unixPath(new DomainSocketAddress("/" + "p".repeat(106))).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sockaddrs.unixPath(new DomainSocketAddress("/" + "p".repeat(107))));
        assertTrue(e.getMessage().contains("108 bytes long"), e.getMessage());
    }

    @Test
    void groupRequestHasTheInterfaceAndBothAddresses() throws Exception {
        ByteBuffer req = Sockaddrs.groupRequest(7, InetAddress.getByName("230.1.2.3"), InetAddress.getByName("127.0.0.1"));
        assertEquals(SocketLayout.GROUP_SOURCE_REQ_SIZE, req.remaining());
        assertEquals(7, req.getInt(0));
        assertEquals(new InetSocketAddress(InetAddress.getByName("230.1.2.3"), 0), Sockaddrs.getInet(req, SocketLayout.GSR_GROUP));
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), Sockaddrs.getInet(req, SocketLayout.GSR_SOURCE));
    }
}
