package io.uepoll.channel.internal;

import io.uepoll.channel.UepollRing;

import java.io.IOException;

/**
 * One source of edge-triggered readiness events for one event loop. Every method except
 * {@link #wakeup()} is called from the loop thread only.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>{@link #add} registers an fd with an interest set ({@link ReadyOps}) and a token; the token
 *       comes back with every event. Readiness present at registration is reported.</li>
 *   <li>Events are edge-triggered: a consumer drains until EAGAIN. Spurious and repeated events for
 *       one token are possible (io_uring posts one CQE per wakeup); consumers must tolerate both.</li>
 *   <li>{@link #remove} returns only when the kernel holds no reference to the fd any more, so a
 *       {@code close(fd)} right after it really closes the file. No event for the token is
 *       delivered after remove returns.</li>
 *   <li>{@link #harvest} delivers every event already in shared memory without a syscall when the
 *       ring has one; {@link #await} sleeps in the kernel, and only when nothing is ready.</li>
 * </ul>
 */
public interface ReadinessRing extends AutoCloseable {

    UepollRing kind();

    /** Adds {@code fd}; a closed fd fails here with an exception naming it, on every ring. */
    void add(int fd, int interest, long token) throws IOException;

    /**
     * {@link #add} for an fd whose owner knows it is open (its FileDescriptor says so, on this thread):
     * a ring that would spend a syscall to check it (IO_URING's poll reports a bad fd only in a CQE) skips it.
     */
    default void addOpen(int fd, int interest, long token) throws IOException {
        add(fd, interest, token);
    }

    void modify(int fd, int interest, long token) throws IOException;

    void remove(int fd, long token) throws IOException;

    /**
     * {@link #remove}, then the fd's close, both queued for the loop's next kernel entry, where the ring can
     * (IO_URING, when nothing but the fd's poll and multishot requests is in flight for the token): true
     * when it did, and the fd is then the ring's to close. False when it cannot: nothing was done.
     */
    default boolean removeAndClose(int fd, long token) throws IOException {
        return false;
    }

    /**
     * True when {@link #harvest} costs a syscall (EPOLL_WAIT): a loop that may sleep then calls
     * {@link #await} first, which sleeps and fetches in one call. False for rings in shared memory.
     */
    boolean harvestNeedsSyscall();

    /** Delivers ready events to the sink the ring was opened with; returns how many were delivered. */
    int harvest() throws IOException;

    /**
     * Sleeps in the kernel until an event or a wakeup arrives, or {@code timeoutNanos} pass
     * ({@code < 0}: no limit, {@code 0}: do not sleep). Events are left for the next {@link #harvest}.
     */
    void await(long timeoutNanos) throws IOException;

    /** Makes a sleeping or the next {@link #await} return. Any thread. */
    void wakeup();

    RingCounters counters();

    /** This ring as a carrier of socket writes, or {@code null} when writes go through direct syscalls. */
    default IoRing ioRing() {
        return null;
    }

    boolean isOpen();

    /** Releases every fd and mapping of the ring. Idempotent. */
    @Override
    void close();
}
