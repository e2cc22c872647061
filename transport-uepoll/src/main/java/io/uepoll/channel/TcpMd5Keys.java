package io.uepoll.channel;

import io.netty.channel.unix.Socket;
import io.uepoll.channel.internal.NativeSockopt;
import io.uepoll.channel.internal.TcpMd5SigLayout;

import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The TCP_MD5SIG keys of one socket. The kernel keeps one key per peer and never hands keys back, so
 * this remembers which peers are keyed: setting a new map deletes the keys of peers it drops, as
 * Netty's epoll transport does. Key bytes appear in no message.
 */
final class TcpMd5Keys {
    private static final byte[] DELETE = new byte[0];
    private Set<InetAddress> keyed = Set.of();

    synchronized void set(Socket socket, Map<?, ?> keys) {
        Map<InetAddress, byte[]> checked = check(keys);
        boolean ipv6 = DatagramSockets.isIpv6(socket);
        for (InetAddress peer : keyed) {
            if (!checked.containsKey(peer)) {
                apply(socket, ipv6, peer, DELETE);
            }
        }
        for (Map.Entry<InetAddress, byte[]> key : checked.entrySet()) {
            apply(socket, ipv6, key.getKey(), key.getValue());
        }
        keyed = Set.copyOf(checked.keySet());
    }

    /** Every entry an InetAddress to 1..80 bytes, before any syscall. */
    private static Map<InetAddress, byte[]> check(Map<?, ?> keys) {
        Map<InetAddress, byte[]> checked = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : keys.entrySet()) {
            if (!(entry.getKey() instanceof InetAddress peer)) {
                throw new IllegalArgumentException("TCP_MD5SIG maps InetAddress to byte[]; found the key " + entry.getKey());
            }
            if (!(entry.getValue() instanceof byte[] key)) {
                throw new IllegalArgumentException("TCP_MD5SIG key for " + peer + " must be a byte[], not "
                        + (entry.getValue() == null ? "null" : entry.getValue().getClass().getName()));
            }
            if (key.length == 0 || key.length > TcpMd5SigLayout.MAX_KEY_LENGTH) {
                throw new IllegalArgumentException("TCP_MD5SIG key for " + peer + " is " + key.length
                        + " bytes, must be 1 to " + TcpMd5SigLayout.MAX_KEY_LENGTH);
            }
            checked.put(peer, key);
        }
        return checked;
    }

    private static void apply(Socket socket, boolean ipv6, InetAddress peer, byte[] key) {
        try {
            NativeSockopt.setTcpMd5Sig(socket.intValue(), ipv6, peer, key);
        } catch (IOException e) {
            throw SocketCalls.refused("TCP_MD5SIG " + (key.length == 0 ? "removal" : "key") + " for " + peer, e);
        }
    }
}
