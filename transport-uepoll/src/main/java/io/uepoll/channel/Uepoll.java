package io.uepoll.channel;

import io.netty.util.internal.SystemPropertyUtil;
import io.uepoll.channel.internal.Native;
import io.uepoll.channel.internal.ReadinessRings;

import java.util.EnumMap;
import java.util.Map;

/**
 * Tells whether the uepoll transport can run here, and on which rings. Like Netty's {@code Epoll}:
 * {@link #isAvailable()}, {@link #unavailabilityCause()}, {@link #ensureAvailability()}.
 *
 * <p>{@value #NO_NATIVE_PROPERTY}{@code =true} turns the transport off as it turns off Netty's
 * native ones: the library is not loaded and every ring reports that as its cause.
 */
public final class Uepoll {
    /** Netty's switch for all native transports; read once, when this class initialises. */
    static final String NO_NATIVE_PROPERTY = "io.netty.transport.noNative";

    private static final Throwable UNAVAILABILITY_CAUSE;
    private static final Map<UepollRing, Throwable> RING_CAUSES = new EnumMap<>(UepollRing.class);

    static {
        Throwable cause = loadNative();
        for (UepollRing ring : UepollRing.values()) {
            RING_CAUSES.put(ring, cause != null ? cause : ReadinessRings.probe(ring));
        }
        if (cause == null && RING_CAUSES.values().stream().allMatch(c -> c != null)) {
            cause = new UnsupportedOperationException("no readiness ring works here; EPOLL_WAIT failed with: "
                    + RING_CAUSES.get(UepollRing.EPOLL_WAIT), RING_CAUSES.get(UepollRing.EPOLL_WAIT));
        }
        UNAVAILABILITY_CAUSE = cause;
    }

    private Uepoll() {
    }

    /** Null when the library loaded; otherwise why not, including an explicit opt-out. */
    private static Throwable loadNative() {
        if (SystemPropertyUtil.getBoolean(NO_NATIVE_PROPERTY, false)) {
            return new UnsupportedOperationException(
                    "Native transport was explicit disabled with -D" + NO_NATIVE_PROPERTY + "=true");
        }
        try {
            Native.ensureLoaded();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** True when the native library loaded and at least one ring works on this kernel. */
    public static boolean isAvailable() {
        return UNAVAILABILITY_CAUSE == null;
    }

    /** Why {@link #isAvailable()} is false, or {@code null}. */
    public static Throwable unavailabilityCause() {
        return UNAVAILABILITY_CAUSE;
    }

    public static void ensureAvailability() {
        if (UNAVAILABILITY_CAUSE != null) {
            throw (Error) new UnsatisfiedLinkError("failed to load the uepoll transport").initCause(UNAVAILABILITY_CAUSE);
        }
    }

    public static boolean isRingAvailable(UepollRing ring) {
        return RING_CAUSES.get(ring) == null;
    }

    /** Why {@code ring} cannot be used here (errno, sysctl, seccomp, missing patch), or {@code null}. */
    public static Throwable ringUnavailabilityCause(UepollRing ring) {
        return RING_CAUSES.get(ring);
    }

    /**
     * The ring a handler uses when none is named: the {@value UepollRing#PROPERTY} property when set
     * (and not {@code auto}), else USERPOLL where the kernel has it, else IO_URING, else EPOLL_WAIT.
     *
     * @throws IllegalArgumentException when the property names no ring
     * @throws IllegalStateException when the property names a ring this kernel lacks, with the reason
     */
    public static UepollRing defaultRing() {
        ensureAvailability();
        String property = System.getProperty(UepollRing.PROPERTY, "auto");
        UepollRing requested = UepollRing.fromPropertyValue(property);
        if (requested != null) {
            ensureRingAvailability(requested);
            return requested;
        }
        for (UepollRing ring : UepollRing.values()) {
            if (isRingAvailable(ring)) {
                return ring;
            }
        }
        throw new IllegalStateException("no ring available", UNAVAILABILITY_CAUSE);
    }

    /** Throws naming the ring and why it cannot run here. */
    public static void ensureRingAvailability(UepollRing ring) {
        ensureAvailability();
        Throwable cause = RING_CAUSES.get(ring);
        if (cause != null) {
            throw new IllegalStateException("ring " + ring + " is not available on this kernel: " + cause.getMessage(), cause);
        }
    }
}
