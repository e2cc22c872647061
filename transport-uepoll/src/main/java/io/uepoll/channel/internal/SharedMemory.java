package io.uepoll.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The only ordering primitives used on memory shared with the kernel, named after the ordering they
 * give (JCTools vocabulary: la/sr acquire/release, opaque, xchg). Offsets are in bytes and
 * must be naturally aligned. Callers put a "pairs with" comment on each use.
 */
final class SharedMemory {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private SharedMemory() {
    }

    static int loadAcquireInt(ByteBuffer buf, int offset) {
        return (int) INT.getAcquire(buf, offset);
    }

    static void storeReleaseInt(ByteBuffer buf, int offset, int value) {
        INT.setRelease(buf, offset, value);
    }

    /** Single-copy atomic load, no ordering: for fields only this thread writes, or data after an acquire. */
    static int loadOpaqueInt(ByteBuffer buf, int offset) {
        return (int) INT.getOpaque(buf, offset);
    }

    static long loadOpaqueLong(ByteBuffer buf, int offset) {
        return (long) LONG.getOpaque(buf, offset);
    }

    static int exchangeReleaseInt(ByteBuffer buf, int offset, int value) {
        return (int) INT.getAndSetRelease(buf, offset, value);
    }
}
