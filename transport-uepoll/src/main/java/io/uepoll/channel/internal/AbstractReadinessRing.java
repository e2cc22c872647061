package io.uepoll.channel.internal;

/**
 * What every ring backend holds besides its kernel object: the wakeup eventfd, the sink, the
 * counters and the open flag. Each backend stays one class; it releases its own fds and mappings in {@link #closeRing}.
 */
abstract class AbstractReadinessRing implements ReadinessRing {
    final WakeupEventFd wakeupFd;
    /** Where harvested events go; fixed when the ring is opened (the loop's dispatcher). */
    final ReadySink sink;
    final RingCounters counters;
    private volatile boolean open = true;

    AbstractReadinessRing(WakeupEventFd wakeupFd, ReadySink sink) {
        this(wakeupFd, sink, new RingCounters());
    }

    /** With counters shared with another ring: the two feed one loop, which reports one set. */
    AbstractReadinessRing(WakeupEventFd wakeupFd, ReadySink sink, RingCounters counters) {
        this.wakeupFd = wakeupFd;
        this.sink = sink;
        this.counters = counters;
    }

    @Override
    public final void wakeup() {
        wakeupFd.signal(counters);
    }

    @Override
    public final RingCounters counters() {
        return counters;
    }

    @Override
    public final boolean isOpen() {
        return open;
    }

    @Override
    public final void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            closeRing();
        } finally {
            wakeupFd.close(); // last: a concurrent wakeup() writes to it until the ring is gone
        }
    }

    /** Releases the backend's own fds and mappings; runs at most once. */
    abstract void closeRing();

    final void checkOpen() {
        if (!open) {
            throw new IllegalStateException(kind().name() + " ring is closed");
        }
    }
}
