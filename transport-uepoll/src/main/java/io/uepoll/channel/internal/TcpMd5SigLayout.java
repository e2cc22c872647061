package io.uepoll.channel.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct tcp_md5sig} of {@code <linux/tcp.h>}, the value of setsockopt(TCP_MD5SIG), checked
 * against C by a test through {@link NativeSockopt#layout()}.
 *
 * <pre>
 *  0    sockaddr_storage tcpm_addr   the peer (sockaddr_in or sockaddr_in6, port 0)
 *  128  u8  tcpm_flags               0: no prefix, no ifindex
 *  129  u8  tcpm_prefixlen
 *  130  u16 tcpm_keylen              0 deletes the peer's key
 *  132  int tcpm_ifindex
 *  136  u8[80] tcpm_key
 *  216  end
 * </pre>
 */
public final class TcpMd5SigLayout {
    static final int SIZE = 216;
    static final int ADDR = 0;
    static final int KEYLEN = 130;
    static final int KEY = 136;
    /** TCP_MD5SIG_MAXKEYLEN: the longest key the kernel takes. */
    public static final int MAX_KEY_LENGTH = 80;

    /** The order of the first part of {@link NativeSockopt#layout()}'s answer. */
    static final int[] EXPECTED_C_LAYOUT = {SIZE, ADDR, KEYLEN, KEY, MAX_KEY_LENGTH};

    private TcpMd5SigLayout() {
    }

    /** The struct keying {@code peer} with {@code key} (empty: delete); the caller has checked the key's length. */
    static byte[] encode(InetAddress peer, byte[] key, boolean ipv6Socket) {
        byte[] struct = new byte[SIZE];
        ByteBuffer buf = ByteBuffer.wrap(struct).order(ByteOrder.nativeOrder());
        Sockaddrs.putInet(buf, ADDR, new InetSocketAddress(peer, 0), ipv6Socket);
        buf.putShort(KEYLEN, (short) key.length);
        buf.put(KEY, key);
        return struct;
    }
}
