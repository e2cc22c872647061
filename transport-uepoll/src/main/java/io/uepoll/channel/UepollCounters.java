package io.uepoll.channel;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.internal.ObjectUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * What one event loop's ring has done, readable from any thread and as a JMX MBean
 * ({@code io.uepoll:type=UepollIoHandler,group=<g>,loop=<n>}, group and loop numbered in creation order): a busy loop on a working ring shows many
 * harvested events and few kernel waits.
 */
public interface UepollCounters {
    /**
     * The counters of a loop of a uepoll group ({@link UepollEventLoopGroup}, or any
     * {@code MultiThreadIoEventLoopGroup} built on {@link UepollIoHandler#newFactory()}).
     *
     * @throws IllegalArgumentException when {@code loop} runs no live {@link UepollIoHandler}
     */
    static UepollCounters of(EventExecutor loop) {
        UepollCounters counters = UepollLoopCounters.of(ObjectUtil.checkNotNull(loop, "loop"));
        if (counters == null) {
            throw new IllegalArgumentException("not a live uepoll event loop: " + loop);
        }
        return counters;
    }

    /** The counters of every loop of a uepoll group, in the group's order; no JMX needed. */
    static List<UepollCounters> of(EventExecutorGroup group) {
        List<UepollCounters> all = new ArrayList<>();
        for (EventExecutor loop : ObjectUtil.checkNotNull(group, "group")) {
            all.add(of(loop));
        }
        return all;
    }

    /** The ring this loop harvests from. */
    String getRing();

    /** The data path of the loop's stream channels ({@link UepollDataPath}): RING only where the ring carries sends. */
    String getDataPath();

    /** Sends the ring carried for stream channels (data path RING on IO_URING); 0 on a direct data path. */
    long getSendsSubmitted();

    /** Receives the ring carried for stream channels (data path RING on IO_URING); 0 on a direct data path. */
    long getRecvsSubmitted();

    /**
     * Completions of those sends and receives; equals their sum when none is in flight (a reading
     * channel keeps one receive waiting). A multishot receive counts once, when it ends, however many
     * arrivals it delivered.
     */
    long getIoCompletions();

    /**
     * True when the loop's stream receives are multishot receives into a provided-buffer ring (data path
     * RING on a kernel with buffer rings, {@code io.uepoll.bufferRing.entries} not 0).
     */
    boolean isBufferRing();

    /**
     * True when the kernel fills the provided buffers incrementally ({@code IOU_PBUF_RING_INC}, Linux 6.12+;
     * {@code -Dio.uepoll.bufferRing.incremental=false} turns it off): a buffer takes arrivals until full.
     */
    boolean isBufferRingIncremental();

    /**
     * Provided buffers handed back to the kernel once read: one per arrival on a classic buffer ring, one per
     * filled buffer on an incremental one.
     */
    long getBufferRingRecycles();

    /** Multishot receives ended because the provided-buffer ring ran dry (-ENOBUFS): each was re-armed, no byte lost. */
    long getBufferRingEmpty();

    /** Fds the ring closed (stream channels of ours on IO_URING, data path RING): no close(2) of their own. */
    long getRingCloses();

    /** Connects the ring carried to their outcome (IO_URING, data path RING; TCP client channels). */
    long getRingConnects();

    /** Connections accepted through the ring (a multishot accept per listener: IO_URING, data path RING). */
    long getRingAccepts();

    /**
     * io_uring_enter calls: of the IO_URING ring (submit, harvest and sleep) or of USERPOLL's paired io_uring
     * (submit); 0 on EPOLL_WAIT.
     */
    long getRingEnters();

    /** Events delivered to channels from the ring: readiness, and on data path RING also send and receive completions. */
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

    /** Unexpected exceptions the loop caught, logged and survived (see the loop's log for each). */
    long getLoopExceptions();

        /** Channels and other handles registered right now. */
    int getRegistrations();
}
