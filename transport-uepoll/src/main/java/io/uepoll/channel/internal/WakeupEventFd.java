package io.uepoll.channel.internal;

import io.netty.channel.unix.FileDescriptor;

import java.io.IOException;

/** The eventfd each ring watches so other threads can end its sleep; owned and closed by its ring. */
final class WakeupEventFd implements AutoCloseable {
    private final FileDescriptor fd;
    private volatile boolean open = true;

    WakeupEventFd() throws IOException {
        fd = new FileDescriptor(Native.eventfd());
    }

    int intValue() {
        return fd.intValue();
    }

    /** Any thread: makes the eventfd readable. A no-op once closed, so a late wakeup never hits a reused fd. */
    void signal(RingCounters counters) {
        if (open) {
            // Counted before the write, so a loop woken by it already sees it counted.
            counters.incrementWakeups();
            try {
                Native.eventfdWrite(fd.intValue(), 1L);
            } catch (IOException e) {
                // Closed concurrently: nobody is left to wake.
            }
        }
    }

    /** Loop thread: resets the counter so the next signal is a new edge. */
    void drain() {
        try {
            Native.eventfdRead(fd.intValue());
        } catch (IOException e) {
            throw new IllegalStateException("reading the wakeup eventfd failed", e);
        }
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            try {
                fd.close();
            } catch (IOException e) {
                throw new IllegalStateException("closing the wakeup eventfd failed", e);
            }
        }
    }
}
