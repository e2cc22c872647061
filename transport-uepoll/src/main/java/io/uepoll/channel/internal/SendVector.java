package io.uepoll.channel.internal;

import io.netty.channel.unix.Buffer;

import java.nio.ByteBuffer;

import static io.uepoll.channel.internal.SocketLayout.IOVEC_SIZE;
import static io.uepoll.channel.internal.SocketLayout.IOV_BASE;
import static io.uepoll.channel.internal.SocketLayout.IOV_LEN;
import static io.uepoll.channel.internal.SocketLayout.MSG_IOV;
import static io.uepoll.channel.internal.SocketLayout.MSG_IOVLEN;
import static io.uepoll.channel.internal.SocketLayout.MMSG_LEN;

/**
 * One channel's gathering send, in native memory the kernel reads after the send was submitted: a
 * {@code struct msghdr} (no name, no control) followed by its iovecs. It must outlive the send, so it
 * belongs to the channel, not the loop. Written before the SQE is published; the SQ tail's release
 * store orders these plain stores before the kernel's reads. One thread at a time; {@link #release} once.
 */
public final class SendVector {
    /** iovecs per send; a send takes what fits and the rest goes with the next one. */
    public static final int MAX_IOVECS = 64;
    /** struct msghdr is the first 56 bytes of struct mmsghdr. */
    private static final int MSGHDR_SIZE = MMSG_LEN;

    private final ByteBuffer memory;
    private final long address;
    private int count;
    private long bytes;

    public SendVector() {
        memory = Buffer.allocateDirectWithNativeOrder(MSGHDR_SIZE + MAX_IOVECS * IOVEC_SIZE);
        address = Buffer.memoryAddress(memory);
        for (int i = 0; i < MSGHDR_SIZE; i += Long.BYTES) {
            memory.putLong(i, 0L); // no name, no control, no flags
        }
        memory.putLong(MSG_IOV, address + MSGHDR_SIZE);
    }

    public void clear() {
        count = 0;
        bytes = 0;
    }

    /** Adds {@code length} bytes at {@code bufferAddress}; false when the vector is full. */
    public boolean add(long bufferAddress, int length) {
        if (count == MAX_IOVECS) {
            return false;
        }
        int iov = MSGHDR_SIZE + count * IOVEC_SIZE;
        memory.putLong(iov + IOV_BASE, bufferAddress);
        memory.putLong(iov + IOV_LEN, length);
        count++;
        bytes += length;
        return true;
    }

    public int count() {
        return count;
    }

    public long bytes() {
        return bytes;
    }

    public long firstAddress() {
        return memory.getLong(MSGHDR_SIZE + IOV_BASE);
    }

    /** The msghdr, with iovlen set to the current count. */
    public long msghdrAddress() {
        memory.putLong(MSG_IOVLEN, count);
        return address;
    }

    public void release() {
        Buffer.free(memory);
    }
}
