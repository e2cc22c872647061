package io.uepoll.channel.internal;

import io.netty.channel.unix.DomainSocketAddress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.uepoll.channel.internal.LinuxConstants.*;
import static io.uepoll.channel.internal.SocketLayout.*;

/**
 * Socket addresses to and from their C form ({@code sockaddr_in}, {@code sockaddr_in6},
 * {@code sockaddr_un}, {@code group_req}): the one place that knows their bytes. Family is in host
 * order, port in network order; an IPv4 address for an IPv6 socket becomes {@code ::ffff:a.b.c.d},
 * and such a mapped address read back becomes an {@link Inet4Address} again.
 */
public final class Sockaddrs {
    /** The size of {@code sun_path}. */
    public static final int SUN_PATH_SIZE = SOCKADDR_UN_SIZE - SUN_PATH;
    /** The longest domain-socket path accepted: {@code sun_path} keeps room for a terminating NUL. */
    public static final int MAX_UNIX_PATH_BYTES = SUN_PATH_SIZE - 1;

    private Sockaddrs() {
    }

    /** The room an inet sockaddr takes at most (sockaddr_in6). */
    public static final int MAX_INET_SIZE = SOCKADDR_IN6_SIZE;

    /** Writes {@code address} at {@code offset} and returns its length (the {@code socklen_t} to pass). */
    public static int putInet(ByteBuffer buf, int offset, InetSocketAddress address, boolean ipv6Socket) {
        InetAddress ip = address.getAddress();
        int port = address.getPort();
        if (ip instanceof Inet4Address && !ipv6Socket) {
            buf.putShort(offset + SIN_FAMILY, (short) AF_INET);
            putPort(buf, offset + SIN_PORT, port);
            putBytes(buf, offset + SIN_ADDR, ip.getAddress());
            for (int i = SIN_ADDR + 4; i < SOCKADDR_IN_SIZE; i++) {
                buf.put(offset + i, (byte) 0);
            }
            return SOCKADDR_IN_SIZE;
        }
        buf.putShort(offset + SIN6_FAMILY, (short) AF_INET6);
        putPort(buf, offset + SIN6_PORT, port);
        buf.putInt(offset + SIN6_FLOWINFO, 0);
        if (ip instanceof Inet4Address) {
            for (int i = 0; i < 10; i++) {
                buf.put(offset + SIN6_ADDR + i, (byte) 0);
            }
            buf.put(offset + SIN6_ADDR + 10, (byte) 0xff);
            buf.put(offset + SIN6_ADDR + 11, (byte) 0xff);
            putBytes(buf, offset + SIN6_ADDR + 12, ip.getAddress());
            buf.putInt(offset + SIN6_SCOPE_ID, 0);
        } else {
            putBytes(buf, offset + SIN6_ADDR, ip.getAddress());
            buf.putInt(offset + SIN6_SCOPE_ID, ((Inet6Address) ip).getScopeId());
        }
        return SOCKADDR_IN6_SIZE;
    }

    /** Reads an inet address the kernel wrote at {@code offset}; null for another family. */
    static InetSocketAddress getInet(ByteBuffer buf, int offset) {
        int family = buf.getShort(offset + SIN_FAMILY) & 0xffff;
        try {
            if (family == AF_INET) {
                byte[] ip = getBytes(buf, offset + SIN_ADDR, 4);
                return new InetSocketAddress(InetAddress.getByAddress(ip), getPort(buf, offset + SIN_PORT));
            }
            if (family == AF_INET6) {
                byte[] ip = getBytes(buf, offset + SIN6_ADDR, 16);
                int port = getPort(buf, offset + SIN6_PORT);
                int scopeId = buf.getInt(offset + SIN6_SCOPE_ID);
                // getByAddress turns ::ffff:a.b.c.d into an Inet4Address.
                InetAddress address = scopeId == 0 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, scopeId);
                return new InetSocketAddress(address, port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the kernel wrote a malformed address", e);
        }
        return null;
    }

    /** Writes a {@code sockaddr_un} with these path bytes and returns its length. */
    static int putUnix(ByteBuffer buf, int offset, byte[] path) {
        buf.putShort(offset, (short) AF_UNIX);
        putBytes(buf, offset + SUN_PATH, path);
        return SUN_PATH + path.length;
    }

    /** Reads the {@code sockaddr_un} of {@code length} bytes at {@code offset}. */
    static DomainSocketAddress getUnix(ByteBuffer buf, int offset, int length) {
        int pathLength = Math.max(0, Math.min(length - SUN_PATH, SUN_PATH_SIZE));
        return unixAddress(getBytes(buf, offset + SUN_PATH, pathLength), pathLength);
    }

    /**
     * The address of the first {@code length} bytes of a {@code sun_path}: empty when unnamed; an
     * abstract name (leading NUL) keeps every byte; a path name ends at its first NUL.
     */
    public static DomainSocketAddress unixAddress(byte[] sunPath, int length) {
        if (length > 0 && sunPath[0] == 0) {
            return new DomainSocketAddress(new String(sunPath, 0, length, StandardCharsets.UTF_8));
        }
        int end = 0;
        while (end < length && sunPath[end] != 0) {
            end++;
        }
        return new DomainSocketAddress(new String(sunPath, 0, end, StandardCharsets.UTF_8));
    }

    /**
     * The bytes of a domain-socket path as the kernel will see them.
     *
     * @throws IllegalArgumentException when they do not fit {@code sun_path}
     */
    public static byte[] unixPath(DomainSocketAddress address) {
        byte[] path = address.path().getBytes(StandardCharsets.UTF_8);
        if (path.length > MAX_UNIX_PATH_BYTES) {
            throw new IllegalArgumentException("domain socket path is " + path.length + " bytes long, sun_path takes at most "
                    + MAX_UNIX_PATH_BYTES + " (plus a NUL): " + address.path());
        }
        return path;
    }

    /**
     * A {@code group_req} (no source) or {@code group_source_req} for the MCAST_* options: the
     * interface by index (0: the kernel picks) and the group and source in their own family.
     */
    public static ByteBuffer groupRequest(int interfaceIndex, InetAddress group, InetAddress source) {
        ByteBuffer buf = ByteBuffer.allocate(source == null ? GROUP_REQ_SIZE : GROUP_SOURCE_REQ_SIZE)
                .order(ByteOrder.nativeOrder());
        buf.putInt(0, interfaceIndex);
        putInet(buf, source == null ? GR_GROUP : GSR_GROUP, new InetSocketAddress(group, 0), group instanceof Inet6Address);
        if (source != null) {
            putInet(buf, GSR_SOURCE, new InetSocketAddress(source, 0), source instanceof Inet6Address);
        }
        return buf;
    }

    private static void putPort(ByteBuffer buf, int index, int port) {
        buf.put(index, (byte) (port >>> 8));
        buf.put(index + 1, (byte) port);
    }

    private static int getPort(ByteBuffer buf, int index) {
        return (buf.get(index) & 0xff) << 8 | buf.get(index + 1) & 0xff;
    }

    private static void putBytes(ByteBuffer buf, int index, byte[] bytes) {
        buf.put(index, bytes);
    }

    private static byte[] getBytes(ByteBuffer buf, int index, int length) {
        byte[] bytes = new byte[length];
        buf.get(index, bytes);
        return bytes;
    }
}
