package io.uepoll.microbench.jmh;

import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollRing;

import java.util.ArrayList;
import java.util.List;

/** Which rings a benchmark can use here. */
public final class JmhRings {
    private JmhRings() {
    }

    /** The ring named by a {@code ring} parameter; fails with the kernel's reason when it is unavailable. */
    public static UepollRing require(String name) {
        UepollRing kind = UepollRing.valueOf(name);
        Uepoll.ensureAvailability();
        if (!Uepoll.isRingAvailable(kind)) {
            throw new IllegalStateException(kind + " is not available here: " + Uepoll.ringUnavailabilityCause(kind));
        }
        return kind;
    }

    /** The rings that work on this kernel, by name. */
    public static List<String> available() {
        List<String> out = new ArrayList<>();
        if (Uepoll.isAvailable()) {
            for (UepollRing ring : UepollRing.values()) {
                if (Uepoll.isRingAvailable(ring)) {
                    out.add(ring.name());
                }
            }
        }
        return out;
    }
}
