package io.uepoll.channel;

import java.util.Locale;

/**
 * How a loop's stream channels move their bytes. Pick one with {@code -Dio.uepoll.dataPath=ring|direct}
 * or {@link UepollIoHandler#newFactory(UepollRing, int, long, UepollDataPath)}.
 */
public enum UepollDataPath {
    /**
     * Sends and receives ride the loop's ring where the ring can carry them (IO_URING): a flush queues
     * a send, a channel that wants bytes keeps one receive waiting, and every request of an iteration
     * reaches the kernel in the loop's next {@code io_uring_enter}. USERPOLL is paired with a small
     * io_uring for the sends alone (receives follow its readiness, with syscalls). On EPOLL_WAIT, or
     * where no io_uring can be had, this is {@link #DIRECT}.
     */
    RING("ring"),
    /** A direct {@code send}/{@code writev}/{@code recv} syscall per operation: the A/B baseline. */
    DIRECT("direct");

    /** The system property that overrides {@link #defaultPath()}. */
    public static final String PROPERTY = "io.uepoll.dataPath";

    private final String propertyValue;

    UepollDataPath(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    public String propertyValue() {
        return propertyValue;
    }

    /** {@value #PROPERTY}, or {@link #RING} when it is not set. */
    public static UepollDataPath defaultPath() {
        return fromPropertyValue(System.getProperty(PROPERTY, RING.propertyValue));
    }

    /** @throws IllegalArgumentException naming the unknown value and the accepted ones */
    public static UepollDataPath fromPropertyValue(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (UepollDataPath path : values()) {
            if (path.propertyValue.equals(v)) {
                return path;
            }
        }
        throw new IllegalArgumentException("unknown " + PROPERTY + " value '" + value + "' (accepted: ring, direct)");
    }
}
