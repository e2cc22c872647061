package io.uepoll.channel.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import static io.uepoll.channel.internal.ReadyOps.IN;
import static io.uepoll.channel.internal.ReadyOps.OUT;
import static io.uepoll.channel.internal.ReadyOps.RDHUP;
import static org.junit.jupiter.api.Assertions.*;

/** The USERPOLL consumer against the Java model of the kernel's lock-free producer. No kernel needed. */
class UserpollRingWalkerTest {
    private static final int ET = LinuxConstants.EPOLLET;

    private static List<RingTestSupport.Event> walk(UserpollKernelModel k) {
        List<RingTestSupport.Event> events = new ArrayList<>();
        UserpollRingWalker.harvest(k.header, k.index, k.maxItems, (t, o) -> events.add(new RingTestSupport.Event(t, o)));
        return events;
    }

    @Test
    void deliversEachReadyItemOnceWithItsData() {
        UserpollKernelModel k = new UserpollKernelModel(16);
        int a = k.add(IN | ET, 100);
        int b = k.add(IN | OUT | ET, 200);
        k.addEvent(a, IN);
        k.addEvent(a, IN); // merges into the pending entry
        k.addEvent(b, OUT);
        assertFalse(UserpollRingWalker.isEmpty(k.header));
        assertEquals(List.of(new RingTestSupport.Event(100, IN), new RingTestSupport.Event(200, OUT)), walk(k));
        assertTrue(UserpollRingWalker.isEmpty(k.header));
        assertEquals(List.of(), walk(k));
    }

    @Test
    void bitsOutsideTheInterestAreMaskedButErrAndHupPass() {
        UserpollKernelModel k = new UserpollKernelModel(4);
        int a = k.add(IN | ET, 1);
        k.addEvent(a, OUT | RDHUP);
        assertEquals(List.of(), walk(k), "OUT and RDHUP were not asked for");
        k.addEvent(a, OUT | ReadyOps.HUP);
        assertEquals(List.of(new RingTestSupport.Event(1, ReadyOps.HUP)), walk(k));
    }

    @Test
    void deletedItemsStaleEntryIsDropped() {
        UserpollKernelModel k = new UserpollKernelModel(4);
        int a = k.add(IN | ET, 1);
        k.addEvent(a, IN);
        k.delete(a);
        assertEquals(List.of(), walk(k));
    }

    @Test
    void reusedSlotDeliversTheNewOwnerOnceAndNeverTheOld() {
        UserpollKernelModel k = new UserpollKernelModel(4);
        int a = k.add(IN | ET, 1);
        k.addEvent(a, IN);
        k.delete(a);
        int b = k.add(IN | ET, 2);
        assertEquals(a, b, "the lowest free slot is reused");
        k.addEvent(b, IN); // REMOVED -> IN makes a second entry for the same slot
        assertEquals(List.of(new RingTestSupport.Event(2, IN)), walk(k));
        assertEquals(List.of(), walk(k));
    }

    @Test
    void headIsPublishedAndWrapsAroundTheIndexRing() {
        UserpollKernelModel k = new UserpollKernelModel(2);
        int a = k.add(IN | ET, 5);
        int rounds = k.index.capacity() / Integer.BYTES * 3;
        for (int i = 0; i < rounds; i++) {
            k.addEvent(a, IN);
            assertEquals(List.of(new RingTestSupport.Event(5, IN)), walk(k));
        }
        assertEquals(rounds, k.header.getInt(UserpollLayout.HEAD_OFFSET));
    }

    @Test
    void corruptIndexEntryIsAClearError() {
        UserpollKernelModel k = new UserpollKernelModel(4);
        int a = k.add(IN | ET, 1);
        k.addEvent(a, IN);
        k.index.putInt(0, 99);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> walk(k));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
        assertTrue(UserpollRingWalker.isEmpty(k.header), "the bad entry is skipped, not walked forever");
    }

    @ParameterizedTest(name = "{0} producer threads")
    @ValueSource(ints = {8, 16, 32, 64})
    void concurrentProducersExactSum(int threads) throws Exception {
        int writes = 100_000;
        UserpollKernelModel k = new UserpollKernelModel(threads);
        AtomicLongArray counters = new AtomicLongArray(threads);
        int[] slots = new int[threads];
        for (int i = 0; i < threads; i++) {
            slots[i] = k.add(IN | ET, i);
        }
        Thread[] producers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int t = i;
            producers[i] = new Thread(() -> {
                for (int w = 0; w < writes; w++) {
                    counters.incrementAndGet(t); // the "eventfd write" ...
                    k.addEvent(slots[t], IN);    // ... and its wakeup
                }
            });
        }
        long expected = (long) threads * writes;
        long[] sum = {0};
        long events = 0;
        long start = System.nanoTime();
        for (Thread p : producers) {
            p.start();
        }
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        while (sum[0] < expected && System.nanoTime() < deadline) {
            events += UserpollRingWalker.harvest(k.header, k.index, k.maxItems,
                    (token, ops) -> sum[0] += counters.getAndSet((int) token, 0));
        }
        double ms = (System.nanoTime() - start) / 1e6;
        for (Thread p : producers) {
            p.join();
        }
        System.out.printf("userpoll model %2d producers x %d: %,d events, %,.0f events/ms%n", threads, writes, events, events / ms);
        assertEquals(expected, sum[0], "nothing lost");
        UserpollRingWalker.harvest(k.header, k.index, k.maxItems, (token, ops) -> sum[0] += counters.getAndSet((int) token, 0));
        assertEquals(expected, sum[0], "nothing invented");
    }
}
