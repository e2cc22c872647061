package io.uepoll.channel.internal;

import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollRing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
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
        return open(ring, ReadinessRings.DEFAULT_SIZE);
    }

    /** A ring of this size whose sink {@link #harvest(ReadinessRing, ReadySink)} can point anywhere. */
    static ReadinessRing open(UepollRing ring, int size) throws IOException {
        SwitchableSink sink = new SwitchableSink();
        ReadinessRing opened = ReadinessRings.open(ring, size, sink);
        SINKS.put(opened, sink);
        return opened;
    }

    /** One harvest of a ring opened here, delivering to {@code sink}. */
    static int harvest(ReadinessRing ring, ReadySink sink) throws IOException {
        SwitchableSink switchable = SINKS.get(ring);
        switchable.target = sink;
        try {
            return ring.harvest();
        } finally {
            switchable.target = SwitchableSink.NOTHING;
        }
    }

    /** Rings take their sink once, when opened; tests swap what this one forwards to per harvest. */
    private static final class SwitchableSink implements ReadySink {
        static final ReadySink NOTHING = (token, ops) -> { };
        ReadySink target = NOTHING;

        @Override
        public void onReady(long token, int readyOps) {
            target.onReady(token, readyOps);
        }
    }

    private static final Map<ReadinessRing, SwitchableSink> SINKS = Collections.synchronizedMap(new WeakHashMap<>());

    /** Harvests (sleeping in between) until at least {@code min} events arrived or the time is up. */
    static List<Event> harvestAtLeast(ReadinessRing ring, int min, long timeoutMillis) throws IOException {
        List<Event> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            harvest(ring, (token, ops) -> events.add(new Event(token, ops)));
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
