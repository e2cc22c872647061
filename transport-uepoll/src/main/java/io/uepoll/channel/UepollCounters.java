package io.uepoll.channel;

/**
 * What one event loop's ring has done, readable from any thread and as a JMX MBean
 * ({@code io.uepoll:type=UepollIoHandler,loop=<n>}): a busy loop on a working ring shows many
 * harvested events and few kernel waits.
 */
public interface UepollCounters {
    /** The ring this loop harvests from. */
    String getRing();

    /** Events delivered to channels from the ring. */
    long getEventsHarvested();

    /** Blocking calls into the kernel to sleep until an event or a wakeup. */
    long getKernelWaits();

    /** Wakeups written to the loop's eventfd by other threads. */
    long getWakeupsWritten();

    /** Times the IO_URING completion queue overflowed and had to be flushed. */
    long getRingOverflows();

    /** Multishot polls that ended (e.g. on overflow) and were re-armed. */
    long getRearms();

    /** Loop iterations whose events arrived while the loop spun on the ring instead of sleeping. */
    long getSpinHits();

    /** Channels and other handles registered right now. */
    int getRegistrations();
}
