package io.uepoll.channel;

import java.util.Locale;

/**
 * Where an event loop takes readiness events from. Pick one with {@code -Dio.uepoll.ring=
 * auto|userpoll|io_uring|epoll_wait} or {@link UepollIoHandler#newFactory(UepollRing)}.
 */
public enum UepollRing {
    /** The uepoll kernel series' mmap'd ring ({@code epoll_create2(EPOLL_USERPOLL)}); needs the patched kernel. */
    USERPOLL("userpoll"),
    /** A stock kernel's io_uring completion ring fed by multishot poll requests (Linux 5.13+). */
    IO_URING("io_uring"),
    /** Classic {@code epoll_wait()} into a buffer: the fallback and the A/B baseline. */
    EPOLL_WAIT("epoll_wait");

    /** The system property that overrides {@link Uepoll#defaultRing()}. */
    public static final String PROPERTY = "io.uepoll.ring";

    private final String propertyValue;

    UepollRing(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    /** The name used by the {@value #PROPERTY} property. */
    public String propertyValue() {
        return propertyValue;
    }

    /**
     * Parses a {@value #PROPERTY} value; returns {@code null} for {@code auto}.
     *
     * @throws IllegalArgumentException naming the unknown value and the accepted ones
     */
    public static UepollRing fromPropertyValue(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || "auto".equals(v)) {
            return null;
        }
        for (UepollRing ring : values()) {
            if (ring.propertyValue.equals(v) || ring.name().equalsIgnoreCase(v)) {
                return ring;
            }
        }
        throw new IllegalArgumentException("unknown " + PROPERTY + " value '" + value
                + "' (accepted: auto, userpoll, io_uring, epoll_wait)");
    }
}
