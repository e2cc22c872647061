package io.uepoll.channel.internal;

import java.nio.ByteBuffer;

import static io.uepoll.channel.internal.SharedMemory.exchangeReleaseInt;
import static io.uepoll.channel.internal.SharedMemory.loadAcquireInt;
import static io.uepoll.channel.internal.SharedMemory.loadOpaqueInt;
import static io.uepoll.channel.internal.SharedMemory.loadOpaqueLong;
import static io.uepoll.channel.internal.SharedMemory.storeReleaseInt;
import static io.uepoll.channel.internal.UserpollLayout.*;

/**
 * The USERPOLL consumer: a pure function of the two shared buffers, so it runs the same against the
 * kernel's mapping and against a Java model of the kernel's producer in tests. Exactly one thread
 * may walk a given ring.
 */
final class UserpollRingWalker {
    private UserpollRingWalker() {
    }

    /**
     * Delivers every entry in [head, tail) whose item still has ready bits, clears them, and publishes
     * the new head. Returns the number of events delivered (stale EPOLLREMOVED entries excluded).
     */
    static int harvest(ByteBuffer header, ByteBuffer index, int maxItems, ReadySink sink) {
        final int mask = index.capacity() / Integer.BYTES - 1;
        // Opaque: head is written by this thread only.
        final int start = loadOpaqueInt(header, HEAD_OFFSET);
        // Acquire pairs with the kernel's fully ordered tail cmpxchg, made after it wrote the entries.
        final int tail = loadAcquireInt(header, TAIL_OFFSET);
        int delivered = 0;
        int head = start;
        try {
            for (; head != tail; head++) {
                // Acquire pairs with the kernel's release cmpxchg of its shadow counter after WRITE_ONCE of the entry.
                int idx = loadAcquireInt(index, (head & mask) * Integer.BYTES);
                if (idx < 0 || idx >= maxItems) {
                    throw new IllegalStateException("USERPOLL index ring entry " + idx + " out of [0, " + maxItems + ")");
                }
                int item = itemOffset(idx);
                // Opaque loads before the exchange: its release keeps them ahead of clearing the slot, so a
                // DEL + ADD re-using the slot cannot hand us the new data with the old bits.
                long data = loadOpaqueLong(header, item + ITEM_DATA);
                int interest = loadOpaqueInt(header, item + ITEM_EVENTS);
                int ready = exchangeReleaseInt(header, item + ITEM_READY_EVENTS, 0);
                int ops = ReadyOps.visible(ready & ~EPOLLREMOVED, interest);
                if (ops != 0) {
                    delivered++;
                    sink.onReady(data, ops);
                }
            }
        } finally {
            // An entry that threw was consumed too: its ready bits are already cleared.
            int walked = head == tail ? tail : head + 1;
            if (walked != start) {
                // Release pairs with the kernel's read of head (poll(), the -ESTALE check): published
                // before any sleep, and even when a sink throws, so no entry is walked twice.
                storeReleaseInt(header, HEAD_OFFSET, walked);
            }
        }
        return delivered;
    }

    /** True when this consumer has walked every entry the kernel appended: nothing to harvest. */
    static boolean isEmpty(ByteBuffer header) {
        // Opaque head (ours); acquire tail pairs with the kernel's tail advance.
        return loadOpaqueInt(header, HEAD_OFFSET) == loadAcquireInt(header, TAIL_OFFSET);
    }
}
