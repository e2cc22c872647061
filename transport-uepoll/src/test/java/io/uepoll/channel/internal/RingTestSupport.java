package io.uepoll.channel.internal;

import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollRing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Helpers shared by the ring tests. */
public final class RingTestSupport {
    /** A ready event as the sink saw it. */
    record Event(long token, int ops) {
    }

    private RingTestSupport() {
    }

    /** Skips, saying why, when the ring is missing here or not selected by -Duepoll.test.rings. */
    public static void assumeRing(UepollRing ring) {
        Uepoll.ensureAvailability();
        assumeTrue(Uepoll.isRingAvailable(ring), () -> ring + " is not available on this kernel: "
                + Uepoll.ringUnavailabilityCause(ring));
        // The QEMU guest run (kernel/guest-java-tests.sh) selects the ring it exists for.
        String selected = System.getProperty("uepoll.test.rings");
        assumeTrue(selected == null || java.util.Arrays.asList(selected.split(",")).contains(ring.name()),
                () -> ring + " not selected by -Duepoll.test.rings=" + selected);
    }

    static ReadinessRing open(UepollRing ring) throws IOException {
        assumeRing(ring);
        return ReadinessRings.open(ring, ReadinessRings.DEFAULT_SIZE);
    }

    /** Harvests (sleeping in between) until at least {@code min} events arrived or the time is up. */
    static List<Event> harvestAtLeast(ReadinessRing ring, int min, long timeoutMillis) throws IOException {
        List<Event> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            ring.harvest((token, ops) -> events.add(new Event(token, ops)));
            long left = deadline - System.nanoTime();
            if (events.size() >= min || left <= 0) {
                return events;
            }
            ring.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
        }
    }

    /** Everything that arrives within {@code millis}: for checks that nothing (more) arrives. */
    static List<Event> harvestFor(ReadinessRing ring, long millis) throws IOException {
        return harvestAtLeast(ring, Integer.MAX_VALUE, millis);
    }
}
