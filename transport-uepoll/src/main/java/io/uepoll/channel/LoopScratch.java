package io.uepoll.channel;

import io.netty.channel.unix.IovArray;
import io.netty.channel.unix.Limits;
import io.uepoll.channel.internal.MmsgArray;

/**
 * The native scratch memory of one loop, reached by its channels through their registration.
 * A loop runs one channel's read or write at a time, and each pass reads what it needs from the
 * arrays before it calls into the pipeline (which may flush another channel), so one set is enough.
 * Loop thread only; released when the loop is destroyed.
 */
final class LoopScratch {
    /** Datagrams per recvmmsg/sendmmsg batch. */
    static final int MAX_BATCH = 64;

    private final IovArray iovArray = new IovArray();
    private MmsgArray readBatch;
    private MmsgArray writeBatch;

    /** The iovec array, empty and without a byte limit (a previous user may have set one). */
    IovArray iovArray() {
        iovArray.clear();
        iovArray.maxBytes(Limits.SSIZE_MAX);
        return iovArray;
    }

    /** The recvmmsg array; allocated on first use, so loops without datagram channels pay nothing. */
    MmsgArray readBatch() {
        if (readBatch == null) {
            readBatch = new MmsgArray(MAX_BATCH);
        }
        return readBatch;
    }

    /** The sendmmsg array; separate from the read array, since a read pass may flush a write. */
    MmsgArray writeBatch() {
        if (writeBatch == null) {
            writeBatch = new MmsgArray(MAX_BATCH);
        }
        return writeBatch;
    }

    void release() {
        iovArray.release();
        if (readBatch != null) {
            readBatch.release();
        }
        if (writeBatch != null) {
            writeBatch.release();
        }
    }
}
