package io.uepoll.channel.internal;

import io.netty.channel.unix.Buffer;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Errors;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import static io.uepoll.channel.internal.LinuxConstants.*;
import static io.uepoll.channel.internal.SocketLayout.*;

/**
 * An array of {@code struct mmsghdr} in direct memory for sendmmsg and recvmmsg: one slot per
 * datagram, each with its name, control buffer and (for receives) one iovec. Loop-thread only; a
 * caller reads every result it needs before the array is cleared and filled again.
 *
 * <pre>
 *  [ mmsghdr x capacity | iovec x capacity | sockaddr_storage x capacity | control (128) x capacity ]
 * </pre>
 */
public final class MmsgArray {
    /** Room for the UDP_GRO int and an IPv6 original destination, each with its cmsghdr. */
    static final int CONTROL_SIZE = 128;

    private final int capacity;
    private final ByteBuffer memory;
    private final long address;
    private final int iovBase;
    private final int nameBase;
    private final int controlBase;
    private int count;

    public MmsgArray(int capacity) {
        Native.ensureLoaded();
        this.capacity = capacity;
        iovBase = capacity * MMSGHDR_SIZE;
        nameBase = iovBase + capacity * IOVEC_SIZE;
        controlBase = nameBase + capacity * SOCKADDR_STORAGE_SIZE;
        memory = Buffer.allocateDirectWithNativeOrder(controlBase + capacity * CONTROL_SIZE);
        address = Buffer.memoryAddress(memory);
    }

    public int capacity() {
        return capacity;
    }

    public int count() {
        return count;
    }

    public boolean isFull() {
        return count == capacity;
    }

    public void clear() {
        count = 0;
    }

    public void release() {
        Buffer.free(memory);
    }

    // ---- send ----------------------------------------------------------------------------------

    /**
     * Adds a datagram whose bytes are the {@code iovCount} iovecs at {@code iovAddress} (an IovArray's),
     * to {@code recipient} (null: the connected peer), cut into {@code segmentSize} segments by the
     * kernel when it is above 0 (UDP GSO). Returns false when the array is full.
     */
    public boolean addSend(long iovAddress, int iovCount, InetSocketAddress recipient, boolean ipv6Socket,
                           int segmentSize) {
        if (isFull()) {
            return false;
        }
        int nameLength = recipient == null ? 0 : Sockaddrs.putInet(memory, nameOffset(count), recipient, ipv6Socket);
        int controlLength = 0;
        if (segmentSize > 0) {
            controlLength = putControl(controlOffset(count), SOL_UDP, UDP_SEGMENT, 2);
            memory.putShort(controlOffset(count) + CMSG_DATA, (short) segmentSize);
        }
        putHeader(count, nameLength, iovAddress, iovCount, controlLength);
        count++;
        return true;
    }

    /** Adds a datagram for a domain socket, to the path bytes {@code recipient} (null: the connected peer). */
    public boolean addSend(long iovAddress, int iovCount, byte[] recipient) {
        if (isFull()) {
            return false;
        }
        int nameLength = recipient == null ? 0 : Sockaddrs.putUnix(memory, nameOffset(count), recipient);
        putHeader(count, nameLength, iovAddress, iovCount, 0);
        count++;
        return true;
    }

    /**
     * sendmmsg of every slot; returns how many datagrams left, 0 when the socket buffer is full.
     *
     * @throws Errors.NativeIoException the first datagram's error (the ones before it were sent)
     */
    public int send(int fd) throws Errors.NativeIoException {
        int res = NativeSocket.sendmmsgRaw(fd, address, count);
        if (res >= 0) {
            return res;
        }
        if (res == Errors.ERRNO_EAGAIN_NEGATIVE || res == Errors.ERRNO_EWOULDBLOCK_NEGATIVE) {
            return 0;
        }
        throw Errors.newIOException("sendmmsg", res);
    }

    // ---- receive -------------------------------------------------------------------------------

    /** Adds a slot that receives one datagram into {@code length} bytes at {@code bufferAddress}. */
    public boolean addReceive(long bufferAddress, int length) {
        if (isFull()) {
            return false;
        }
        int iov = iovBase + count * IOVEC_SIZE;
        memory.putLong(iov + IOV_BASE, bufferAddress);
        memory.putLong(iov + IOV_LEN, length);
        putHeader(count, SOCKADDR_STORAGE_SIZE, address + iov, 1, CONTROL_SIZE);
        count++;
        return true;
    }

    /**
     * recvmmsg into every slot; returns how many datagrams arrived, 0 when none was queued.
     *
     * @throws Errors.NativeIoException a pending socket error (ECONNREFUSED after an ICMP port unreachable)
     */
    public int receive(int fd) throws IOException {
        int res = NativeSocket.recvmmsgRaw(fd, address, count);
        if (res >= 0) {
            return res;
        }
        if (res == Errors.ERRNO_EAGAIN_NEGATIVE || res == Errors.ERRNO_EWOULDBLOCK_NEGATIVE) {
            return 0;
        }
        throw Errors.newIOException("recvmmsg", res);
    }

    /** The bytes received in slot {@code i}. */
    public int receivedBytes(int i) {
        return memory.getInt(i * MMSGHDR_SIZE + MMSG_LEN);
    }

    /** True when the datagram of slot {@code i} was longer than the slot, and its tail was dropped. */
    public boolean isTruncated(int i) {
        return (memory.getInt(i * MMSGHDR_SIZE + MMSG_HDR + MSG_FLAGS) & MSG_TRUNC) != 0;
    }

    /** The sender of slot {@code i}, or null when the kernel gave none. */
    public InetSocketAddress sender(int i) {
        return receivedNameLength(i) == 0 ? null : Sockaddrs.getInet(memory, nameOffset(i));
    }

    /** The sender of slot {@code i} on a domain socket (an empty path when it is unnamed). */
    public DomainSocketAddress unixSender(int i) {
        return Sockaddrs.getUnix(memory, nameOffset(i), receivedNameLength(i));
    }

    /** The UDP_GRO segment size of slot {@code i}: above 0 when several datagrams were coalesced. */
    public int groSegmentSize(int i) {
        int cmsg = findControl(i, SOL_UDP, UDP_GRO);
        return cmsg < 0 ? 0 : memory.getInt(cmsg + CMSG_DATA);
    }

    /** Where the datagram of slot {@code i} was sent to (IP_RECVORIGDSTADDR), or null. */
    public InetSocketAddress originalDestination(int i) {
        int cmsg = findControl(i, SOL_IP, IP_ORIGDSTADDR);
        if (cmsg < 0) {
            cmsg = findControl(i, SOL_IPV6, IPV6_ORIGDSTADDR);
        }
        return cmsg < 0 ? null : Sockaddrs.getInet(memory, cmsg + CMSG_DATA);
    }

    // ---- layout helpers ------------------------------------------------------------------------

    private int nameOffset(int i) {
        return nameBase + i * SOCKADDR_STORAGE_SIZE;
    }

    private int controlOffset(int i) {
        return controlBase + i * CONTROL_SIZE;
    }

    private int receivedNameLength(int i) {
        return memory.getInt(i * MMSGHDR_SIZE + MMSG_HDR + MSG_NAMELEN);
    }

    private void putHeader(int i, int nameLength, long iovAddress, int iovCount, int controlLength) {
        int hdr = i * MMSGHDR_SIZE + MMSG_HDR;
        memory.putLong(hdr + MSG_NAME, nameLength == 0 ? 0 : address + nameOffset(i));
        memory.putInt(hdr + MSG_NAMELEN, nameLength);
        memory.putLong(hdr + MSG_IOV, iovAddress);
        memory.putLong(hdr + MSG_IOVLEN, iovCount);
        memory.putLong(hdr + MSG_CONTROL, controlLength == 0 ? 0 : address + controlOffset(i));
        memory.putLong(hdr + MSG_CONTROLLEN, controlLength);
        memory.putInt(hdr + MSG_FLAGS, 0);
        memory.putInt(i * MMSGHDR_SIZE + MMSG_LEN, 0);
    }

    /** Writes a cmsghdr for {@code dataLength} bytes of data at {@code offset}; returns CMSG_SPACE. */
    private int putControl(int offset, int level, int type, int dataLength) {
        memory.putLong(offset + CMSG_LEN_FIELD, cmsgLen(dataLength));
        memory.putInt(offset + CMSG_LEVEL, level);
        memory.putInt(offset + CMSG_TYPE, type);
        return cmsgSpace(dataLength);
    }

    /** The offset of slot {@code i}'s control message of this level and type, or -1 (CMSG_FIRSTHDR/NXTHDR). */
    private int findControl(int i, int level, int type) {
        int start = controlOffset(i);
        long length = memory.getLong(i * MMSGHDR_SIZE + MMSG_HDR + MSG_CONTROLLEN);
        int end = start + (int) Math.min(length, CONTROL_SIZE);
        int cmsg = start;
        while (cmsg + CMSGHDR_SIZE <= end) {
            long cmsgLength = memory.getLong(cmsg + CMSG_LEN_FIELD);
            if (cmsgLength < CMSGHDR_SIZE || cmsg + cmsgLength > end) {
                return -1;
            }
            if (memory.getInt(cmsg + CMSG_LEVEL) == level && memory.getInt(cmsg + CMSG_TYPE) == type) {
                return cmsg;
            }
            cmsg += align((int) cmsgLength);
        }
        return -1;
    }
}
