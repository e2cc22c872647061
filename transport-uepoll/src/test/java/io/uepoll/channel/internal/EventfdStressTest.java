package io.uepoll.channel.internal;

import io.netty.channel.unix.FileDescriptor;
import io.uepoll.channel.UepollRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's own stress case on every ring: producer threads each write their own non-blocking
 * EPOLLET eventfd; one consumer harvests and reads counters until the sum is exact.
 */
class EventfdStressTest {
    static final int WRITES_PER_THREAD = Integer.getInteger("uepoll.stress.writes", 100_000);

    static Stream<Arguments> ringsAndThreads() {
        List<Arguments> args = new ArrayList<>();
        for (UepollRing ring : UepollRing.values()) {
            for (int threads : new int[] {8, 16, 32, 64}) {
                args.add(Arguments.of(ring, threads));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} x {1} producers")
    @MethodSource("ringsAndThreads")
    void everyWriteIsCountedExactlyOnce(UepollRing kind, int threads) throws Exception {
        RingTestSupport.assumeRing(kind);
        try (ReadinessRing ring = RingTestSupport.open(kind, ReadinessRings.DEFAULT_SIZE)) {
            Result r = run(ring, threads, WRITES_PER_THREAD);
            System.out.printf("stress %-10s %2d producers x %d writes: %,d events harvested, %,.0f writes/ms, %,.0f events/ms%n",
                    kind, threads, WRITES_PER_THREAD, r.events, r.writesPerMs(), r.eventsPerMs());
            assertEquals((long) threads * WRITES_PER_THREAD, r.sum, "nothing lost, nothing invented");
        }
    }

    /** A CQ far smaller than the number of ready fds: polls end on overflow and must be re-armed. */
    @Test
    void ioUringCqOverflowLosesNothing() throws Exception {
        RingTestSupport.assumeRing(UepollRing.IO_URING);
        try (ReadinessRing ring = RingTestSupport.open(UepollRing.IO_URING, 8)) {
            Result r = run(ring, 64, 20_000);
            System.out.printf("overflow IO_URING (CQ 8) 64 producers: %,d events, %d overflows, %d re-arms%n",
                    r.events, ring.counters().overflows(), ring.counters().rearms());
            assertEquals(64L * 20_000, r.sum);
            assertTrue(ring.counters().overflows() > 0, "the CQ overflowed");
            assertTrue(ring.counters().rearms() > 0, "polls ended by the overflow were re-armed");
        }
    }

    record Result(long sum, long events, long nanos, long writes) {
        double eventsPerMs() {
            return events / (nanos / 1e6);
        }

        double writesPerMs() {
            return writes / (nanos / 1e6);
        }
    }

    static Result run(ReadinessRing ring, int threads, int writesPerThread) throws Exception {
        FileDescriptor[] fds = new FileDescriptor[threads];
        Thread[] producers = new Thread[threads];
        try {
            for (int i = 0; i < threads; i++) {
                fds[i] = new FileDescriptor(Native.eventfd());
                ring.add(fds[i].intValue(), ReadyOps.IN, i);
            }
            for (int i = 0; i < threads; i++) {
                int fd = fds[i].intValue();
                producers[i] = new Thread(() -> {
                    try {
                        for (int w = 0; w < writesPerThread; w++) {
                            Native.eventfdWrite(fd, 1);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, "producer-" + i);
            }
            long expected = (long) threads * writesPerThread;
            long[] sum = {0};
            long[] events = {0};
            IOException[] failure = {null};
            ReadySink sink = (token, ops) -> {
                events[0]++;
                try {
                    sum[0] += Native.eventfdRead(fds[(int) token].intValue());
                } catch (IOException e) {
                    failure[0] = e;
                }
            };
            long start = System.nanoTime();
            for (Thread t : producers) {
                t.start();
            }
            long deadline = start + TimeUnit.SECONDS.toNanos(120);
            while (sum[0] < expected && System.nanoTime() < deadline && failure[0] == null) {
                if (RingTestSupport.harvest(ring, sink) == 0) {
                    ring.await(TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
            long nanos = System.nanoTime() - start;
            for (Thread t : producers) {
                t.join();
            }
            if (failure[0] != null) {
                throw failure[0];
            }
            // Nothing invented: after the sum is reached, no counter holds more.
            for (int i = 0; i < 5; i++) {
                RingTestSupport.harvest(ring, sink);
                ring.await(TimeUnit.MILLISECONDS.toNanos(5));
            }
            return new Result(sum[0], events[0], nanos, expected);
        } finally {
            for (FileDescriptor fd : fds) {
                if (fd != null) {
                    fd.close();
                }
            }
        }
    }
}
