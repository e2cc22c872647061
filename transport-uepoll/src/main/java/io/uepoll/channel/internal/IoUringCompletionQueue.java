package io.uepoll.channel.internal;

import java.nio.ByteBuffer;

import static io.uepoll.channel.internal.IoUringLayout.CQE_FLAGS;
import static io.uepoll.channel.internal.IoUringLayout.CQE_RES;
import static io.uepoll.channel.internal.IoUringLayout.CQE_SIZE;
import static io.uepoll.channel.internal.IoUringLayout.CQE_USER_DATA;
import static io.uepoll.channel.internal.SharedMemory.loadAcquireInt;
import static io.uepoll.channel.internal.SharedMemory.storeReleaseInt;

/** The CQ side of an io_uring: the kernel produces CQEs, we consume them without a syscall. */
final class IoUringCompletionQueue {
    interface CqeHandler {
        void handle(long userData, int res, int flags);
    }

    private final ByteBuffer ring;
    private final int kHead;
    private final int kTail;
    private final int mask;
    private final int cqes;
    /** Our copy of the CQ head: only this thread writes the kernel's head. */
    private int head;

    IoUringCompletionQueue(ByteBuffer ring, IoUringParams params) {
        this.ring = ring;
        this.kHead = params.get(IoUringParams.CQ_OFF_HEAD);
        this.kTail = params.get(IoUringParams.CQ_OFF_TAIL);
        // Plain read: the kernel wrote the mask once, before io_uring_setup returned the fd we mapped.
        this.mask = ring.getInt(params.get(IoUringParams.CQ_OFF_RING_MASK));
        this.cqes = params.get(IoUringParams.CQ_OFF_CQES);
        // Acquire pairs with the kernel's setup stores; the head is ours from here on.
        this.head = loadAcquireInt(ring, kHead);
    }

    boolean isEmpty() {
        // Acquire pairs with the kernel's release of the CQ tail after it wrote the CQEs.
        return head == loadAcquireInt(ring, kTail);
    }

    /** Hands every CQE in [head, tail) to the handler, then frees the slots; returns how many. */
    int drain(CqeHandler handler) {
        // Acquire pairs with the kernel's release of the CQ tail: CQEs below it are fully written.
        final int tail = loadAcquireInt(ring, kTail);
        final int start = head;
        int h = start;
        try {
            for (; h != tail; h++) {
                int cqe = cqes + (h & mask) * CQE_SIZE;
                // Plain loads: ordered after the acquire of the tail, and the slot is ours until head moves.
                handler.handle(ring.getLong(cqe + CQE_USER_DATA), ring.getInt(cqe + CQE_RES), ring.getInt(cqe + CQE_FLAGS));
            }
        } finally {
            // A CQE whose handler threw counts as consumed: handing it out twice would re-arm its poll twice.
            head = h == tail ? tail : h + 1;
            // Release pairs with the kernel's acquire of the CQ head: our reads finish before it reuses slots.
            storeReleaseInt(ring, kHead, head);
        }
        return tail - start;
    }
}
