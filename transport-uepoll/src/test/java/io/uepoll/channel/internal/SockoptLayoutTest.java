package io.uepoll.channel.internal;

import io.uepoll.channel.Uepoll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** The tcp_md5sig and tcp_info layouts Java reads and writes are the ones C compiles. */
class SockoptLayoutTest {
    @Test
    void layoutMatchesC() {
        Uepoll.ensureAvailability();
        int[] expected = IntStream.concat(Arrays.stream(TcpMd5SigLayout.EXPECTED_C_LAYOUT),
                Arrays.stream(TcpInfoLayout.EXPECTED_C_LAYOUT)).toArray();
        assertArrayEquals(expected, NativeSockopt.layout());
    }

    @Test
    void md5StructKeysAnIpv4PeerOfAnIpv6SocketByItsMappedForm() throws Exception {
        byte[] key = {1, 2, 3};
        ByteBuffer struct = ByteBuffer.wrap(TcpMd5SigLayout.encode(InetAddress.getByName("127.0.0.9"), key, true))
                .order(ByteOrder.nativeOrder());
        assertEquals(TcpMd5SigLayout.SIZE, struct.capacity());
        assertEquals(LinuxConstants.AF_INET6, struct.getShort(TcpMd5SigLayout.ADDR));
        assertEquals(127, struct.get(TcpMd5SigLayout.ADDR + SocketLayout.SIN6_ADDR + 12));
        assertEquals(9, struct.get(TcpMd5SigLayout.ADDR + SocketLayout.SIN6_ADDR + 15));
        assertEquals(3, struct.getShort(TcpMd5SigLayout.KEYLEN));
        assertEquals(2, struct.get(TcpMd5SigLayout.KEY + 1));

        ByteBuffer v4 = ByteBuffer.wrap(TcpMd5SigLayout.encode(InetAddress.getByName("127.0.0.9"), new byte[0], false))
                .order(ByteOrder.nativeOrder());
        assertEquals(LinuxConstants.AF_INET, v4.getShort(TcpMd5SigLayout.ADDR));
        assertEquals(0, v4.getShort(TcpMd5SigLayout.KEYLEN), "an empty key deletes");
    }
}
