package io.uepoll.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one ring. Written by the loop thread only (opaque stores, no fences on the hot path),
 * read from any thread (opaque loads: a monitoring view needs no ordering with other memory).
 */
public final class RingCounters {
    private static final VarHandle EVENTS;
    private static final VarHandle KERNEL_WAITS;
    private static final VarHandle WAKEUPS;
    private static final VarHandle REARMS;
    private static final VarHandle OVERFLOWS;
    private static final VarHandle SPIN_HITS;
    private static final VarHandle LOOP_EXCEPTIONS;
    private static final VarHandle SENDS;
    private static final VarHandle RECVS;
    private static final VarHandle COMPLETIONS;
    private static final VarHandle ENTERS;
    private static final VarHandle BUFFER_RING_EMPTY;
    private static final VarHandle ACCEPTS;
    private static final VarHandle BUFFER_RECYCLES;
    private static final VarHandle CONNECTS;
    private static final VarHandle CLOSES;

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            EVENTS = lookup.findVarHandle(RingCounters.class, "eventsHarvested", long.class);
            KERNEL_WAITS = lookup.findVarHandle(RingCounters.class, "kernelWaits", long.class);
            WAKEUPS = lookup.findVarHandle(RingCounters.class, "wakeupsWritten", long.class);
            REARMS = lookup.findVarHandle(RingCounters.class, "rearms", long.class);
            OVERFLOWS = lookup.findVarHandle(RingCounters.class, "overflows", long.class);
            SPIN_HITS = lookup.findVarHandle(RingCounters.class, "spinHits", long.class);
            LOOP_EXCEPTIONS = lookup.findVarHandle(RingCounters.class, "loopExceptions", long.class);
            SENDS = lookup.findVarHandle(RingCounters.class, "sendsSubmitted", long.class);
            RECVS = lookup.findVarHandle(RingCounters.class, "recvsSubmitted", long.class);
            COMPLETIONS = lookup.findVarHandle(RingCounters.class, "completions", long.class);
            ENTERS = lookup.findVarHandle(RingCounters.class, "enters", long.class);
            BUFFER_RING_EMPTY = lookup.findVarHandle(RingCounters.class, "bufferRingEmpty", long.class);
            ACCEPTS = lookup.findVarHandle(RingCounters.class, "accepts", long.class);
            BUFFER_RECYCLES = lookup.findVarHandle(RingCounters.class, "bufferRecycles", long.class);
            CONNECTS = lookup.findVarHandle(RingCounters.class, "connects", long.class);
            CLOSES = lookup.findVarHandle(RingCounters.class, "closes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") private long eventsHarvested;
    @SuppressWarnings("unused") private long kernelWaits;
    @SuppressWarnings("unused") private long wakeupsWritten;
    @SuppressWarnings("unused") private long rearms;
    @SuppressWarnings("unused") private long overflows;
    @SuppressWarnings("unused") private long spinHits;
    @SuppressWarnings("unused") private long loopExceptions;
    @SuppressWarnings("unused") private long sendsSubmitted;
    @SuppressWarnings("unused") private long recvsSubmitted;
    @SuppressWarnings("unused") private long completions;
    @SuppressWarnings("unused") private long enters;
    @SuppressWarnings("unused") private long bufferRingEmpty;
    @SuppressWarnings("unused") private long accepts;
    @SuppressWarnings("unused") private long bufferRecycles;
    @SuppressWarnings("unused") private long connects;
    @SuppressWarnings("unused") private long closes;

    void addEvents(int n) {
        add(EVENTS, n);
    }

    void incrementKernelWaits() {
        add(KERNEL_WAITS, 1);
    }

    /** Any thread may write a wakeup: this one is atomic. */
    void incrementWakeups() {
        WAKEUPS.getAndAddRelease(this, 1L);
    }

    void incrementRearms() {
        add(REARMS, 1);
    }

    void incrementOverflows() {
        add(OVERFLOWS, 1);
    }

    /** The loop caught an unexpected exception and carried on. */
    public void incrementLoopExceptions() {
        add(LOOP_EXCEPTIONS, 1);
    }

    public long loopExceptions() {
        return (long) LOOP_EXCEPTIONS.getOpaque(this);
    }

    /** The loop found events while spinning on the ring before a sleep. */
    public void incrementSpinHits() {
        add(SPIN_HITS, 1);
    }

    void incrementSends() {
        add(SENDS, 1);
    }

    void incrementRecvs() {
        add(RECVS, 1);
    }

    void incrementCompletions() {
        add(COMPLETIONS, 1);
    }

    void incrementEnters() {
        add(ENTERS, 1);
    }

    void incrementBufferRingEmpty() {
        add(BUFFER_RING_EMPTY, 1);
    }

    void incrementBufferRecycles() {
        add(BUFFER_RECYCLES, 1);
    }

    /** Provided buffers handed back to the kernel after the arrivals into them were read (not the first fill). */
    public long bufferRecycles() {
        return (long) BUFFER_RECYCLES.getOpaque(this);
    }

    void incrementRingCloses() {
        add(CLOSES, 1);
    }

    /** Fds whose close the ring carried. */
    public long closes() {
        return (long) CLOSES.getOpaque(this);
    }

    void incrementConnects() {
        add(CONNECTS, 1);
    }

    /** Connects the ring completed (successful or not). */
    public long connects() {
        return (long) CONNECTS.getOpaque(this);
    }

    void incrementAccepts() {
        add(ACCEPTS, 1);
    }

    /** Connections the ring accepted (multishot accepts). */
    public long accepts() {
        return (long) ACCEPTS.getOpaque(this);
    }

    /** Multishot receives the provided-buffer ring ended by running dry (-ENOBUFS); each was re-armed. */
    public long bufferRingEmpty() {
        return (long) BUFFER_RING_EMPTY.getOpaque(this);
    }

    /** Sends the ring carried (data path {@code ring}). */
    public long sendsSubmitted() {
        return (long) SENDS.getOpaque(this);
    }

    /** Receives the ring carried (data path {@code ring}). */
    public long recvsSubmitted() {
        return (long) RECVS.getOpaque(this);
    }

    /** Completions of the sends and receives above. */
    public long completions() {
        return (long) COMPLETIONS.getOpaque(this);
    }

    /** io_uring_enter calls of any kind (submit, harvest, wait). */
    public long enters() {
        return (long) ENTERS.getOpaque(this);
    }

    private void add(VarHandle counter, long n) {
        // Single writer (the loop thread): an opaque read-modify-write cannot lose updates.
        counter.setOpaque(this, (long) counter.getOpaque(this) + n);
    }

    public long eventsHarvested() {
        return (long) EVENTS.getOpaque(this);
    }

    public long kernelWaits() {
        return (long) KERNEL_WAITS.getOpaque(this);
    }

    public long wakeupsWritten() {
        return (long) WAKEUPS.getOpaque(this);
    }

    public long rearms() {
        return (long) REARMS.getOpaque(this);
    }

    public long overflows() {
        return (long) OVERFLOWS.getOpaque(this);
    }

    public long spinHits() {
        return (long) SPIN_HITS.getOpaque(this);
    }
}
