package io.uepoll.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

import static io.uepoll.channel.internal.UserpollLayout.*;

/**
 * A faithful Java model of the uepoll v5 kernel producer (fs/eventpoll.c, ep_add_event_to_uring):
 * the lock-free insertion with the 3-field shadow counter, slot-before-tail publication, EPOLLREMOVED
 * on delete and slot reuse. It writes the same memory layout the kernel maps, so the consumer under
 * test is the production {@link UserpollRingWalker}.
 */
final class UserpollKernelModel {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    // shadow counter: monotonic (63..32) | advance (31..16) | refs (15..0)
    private static final long ONE_INSERTION = (1L << 32) | (1L << 16) | 1L;

    final ByteBuffer header;
    final ByteBuffer index;
    final int maxItems;
    private final int mask;
    private final AtomicLong shadow = new AtomicLong();
    private final BitSet slots = new BitSet();

    UserpollKernelModel(int maxItems) {
        this.maxItems = maxItems;
        int pageSize = 4096;
        header = ByteBuffer.allocateDirect(headerLength(maxItems, pageSize)).order(ByteOrder.nativeOrder());
        index = ByteBuffer.allocateDirect(indexLength(maxItems, pageSize)).order(ByteOrder.nativeOrder());
        mask = index.capacity() / Integer.BYTES - 1;
        header.putInt(MAGIC_OFFSET, MAGIC);
        header.putInt(HEADER_LENGTH_OFFSET, header.capacity());
        header.putInt(INDEX_LENGTH_OFFSET, index.capacity());
        header.putInt(MAX_ITEMS_OFFSET, maxItems);
    }

    /** EPOLL_CTL_ADD: lowest free slot; writes events and data, leaves ready_events alone. */
    synchronized int add(int events, long data) {
        int slot = slots.nextClearBit(0);
        if (slot >= maxItems) {
            throw new IllegalStateException("ENOSPC");
        }
        slots.set(slot);
        int item = itemOffset(slot);
        INT.setRelease(header, item + ITEM_EVENTS, events);
        LONG.setRelease(header, item + ITEM_DATA, data);
        return slot;
    }

    /** EPOLL_CTL_DEL: a pending slot becomes exactly EPOLLREMOVED; the slot is freed. */
    synchronized void delete(int slot) {
        int item = itemOffset(slot);
        int old;
        do {
            old = (int) INT.getVolatile(header, item + ITEM_READY_EVENTS);
        } while (old != 0 && !INT.compareAndSet(header, item + ITEM_READY_EVENTS, old, EPOLLREMOVED));
        slots.clear(slot);
    }

    /** ep_poll_callback -> ep_add_event_to_uring, callable from many threads at once. */
    void addEvent(int slot, int pollFlags) {
        int item = itemOffset(slot) + ITEM_READY_EVENTS;
        int old;
        do {
            old = (int) INT.getVolatile(header, item);
        } while (!INT.compareAndSet(header, item, old, (old & ~EPOLLREMOVED) | pollFlags));
        if ((old & ~EPOLLREMOVED) != 0) {
            return; // an entry for this item is already in the ring
        }
        long cnt = shadow.addAndGet(ONE_INSERTION);
        int idx = (int) ((cnt >>> 32) - 1);
        INT.setRelease(index, (idx & mask) * Integer.BYTES, slot);
        long advance;
        while (true) {
            long next;
            if ((cnt & 0xffff) == 1) {
                advance = (cnt >>> 16) & 0xffff; // the last inserter advances the tail
                next = cnt & ~0xffffffffL;
            } else {
                advance = 0;
                next = cnt - 1;
            }
            long witness = shadow.compareAndExchangeRelease(cnt, next);
            if (witness == cnt) {
                break;
            }
            cnt = witness;
        }
        if (advance != 0) {
            int tail;
            do {
                tail = (int) INT.getVolatile(header, TAIL_OFFSET);
            } while (!INT.compareAndSet(header, TAIL_OFFSET, tail, tail + (int) advance));
        }
    }
}
