package io.uepoll.channel.internal;

import io.netty.channel.unix.Buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** One mmap'd region shared with the kernel; its only owner unmaps it once. */
final class MappedRegion implements AutoCloseable {
    private final long address;
    private final long length;
    private final ByteBuffer buffer;
    private boolean unmapped;

    private MappedRegion(long address, long length) {
        this.address = address;
        this.length = length;
        this.buffer = Buffer.wrapMemoryAddressWithNativeOrder(address, (int) length).order(ByteOrder.nativeOrder());
    }

    static MappedRegion map(int fd, long offset, long length, String what) throws IOException {
        if (length <= 0 || length > Integer.MAX_VALUE) {
            throw new IOException("cannot map " + what + ": bad length " + length);
        }
        return new MappedRegion(Native.mmap(fd, offset, length, what), length);
    }

    /** A direct buffer over the whole region, native byte order; views share the mapping's lifetime. */
    ByteBuffer buffer() {
        return buffer;
    }

    long length() {
        return length;
    }

    @Override
    public void close() {
        if (!unmapped) {
            unmapped = true;
            try {
                Native.munmap(address, length);
            } catch (IOException e) {
                throw new IllegalStateException("munmap of ring memory failed", e);
            }
        }
    }
}
