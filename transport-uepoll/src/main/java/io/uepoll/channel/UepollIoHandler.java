package io.uepoll.channel;

import io.netty.channel.IoHandle;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.netty.util.internal.ObjectUtil;
import io.netty.util.internal.SystemPropertyUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.internal.ReadinessRing;
import io.uepoll.channel.internal.ReadinessRings;
import io.uepoll.channel.internal.ReadySink;
import io.uepoll.channel.internal.IoRing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Netty {@link IoHandler} whose loop harvests readiness from a {@link UepollRing}: use it as
 * {@code new MultiThreadIoEventLoopGroup(n, UepollIoHandler.newFactory())}.
 *
 * <p>One iteration: harvest what the ring already holds (no syscall on USERPOLL and IO_URING);
 * only when nothing was ready and the loop may block, sleep in the kernel until the next scheduled
 * task's deadline or a wakeup, then harvest again. Events are dispatched in ring order; a handle
 * sees {@link UepollIoOps} and follows the edge-triggered contract of {@link UepollIoHandle}.
 */
public final class UepollIoHandler implements IoHandler {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(UepollIoHandler.class);
    /** nextWakeupNanos value while the loop runs: wakeup() then writes nothing. */
    private static final long AWAKE = -1L;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    /** The ring size {@link #newFactory()} and {@link #newFactory(UepollRing)} use. */
    public static final int DEFAULT_RING_SIZE = ReadinessRings.DEFAULT_SIZE;
    /** System property: default spin before sleeping, in nanoseconds (see {@link #newFactory(UepollRing, int, long)}). */
    public static final String SPIN_NANOS_PROPERTY = "io.uepoll.spinNanos";

    private final ThreadAwareExecutor executor;
    private final ReadinessRing ring;
    private final RegistrationTable registrations = new RegistrationTable(1024);
    private final AtomicLong nextWakeupNanos = new AtomicLong(AWAKE);
    private final LoopScratch scratch = new LoopScratch();
    private final UepollLoopCounters counters;
    private final long spinNanos;
    /** False for EPOLL_WAIT, whose harvest is itself a syscall. */
    private final boolean harvestFirst;
    /** The ring as carrier of this loop's sends and receives (data path ring on IO_URING), or null: direct syscalls. */
    private final IoRing ioRing;

    /** How long the loop pauses after an unexpected exception, so a persistent fault cannot spin a core. */
    private static final long LOOP_EXCEPTION_BACKOFF_MILLIS = 100;

    /** Opens the loop's ring, delivering to the given sink; tests pass one that fails on purpose. */
    @FunctionalInterface
    interface RingOpener {
        ReadinessRing open(ReadySink sink) throws IOException;
    }

    private UepollIoHandler(ThreadAwareExecutor executor, RingOpener opener, long spinNanos, UepollDataPath dataPath)
            throws IOException {
        this.executor = executor;
        this.spinNanos = spinNanos;
        // The ring calls dispatch only from harvest(), which runs after construction, on the loop.
        this.ring = opener.open(this::dispatch);
        this.harvestFirst = !ring.harvestNeedsSyscall();
        this.ioRing = dataPath == UepollDataPath.RING ? ring.ioRing() : null;
        this.counters = new UepollLoopCounters(executor, ring, dataPath(), registrations::size);
        // Published now, not when the loop thread starts: a loop that has run nothing yet is still a loop.
        counters.publish();
    }

    /** A factory for handlers on {@link Uepoll#defaultRing()}. */
    public static IoHandlerFactory newFactory() {
        return newFactory(Uepoll.defaultRing());
    }

    public static IoHandlerFactory newFactory(UepollRing ring) {
        return newFactory(ring, DEFAULT_RING_SIZE);
    }

    /**
     * @param ringSize USERPOLL: max registered fds; IO_URING: completion-queue entries (a power of
     *                 two); EPOLL_WAIT: events per epoll_wait
     */
    public static IoHandlerFactory newFactory(UepollRing ring, int ringSize) {
        return newFactory(ring, ringSize, defaultSpinNanos());
    }

    /**
     * @param spinNanos how long an idle loop keeps polling a shared-memory ring before it sleeps in the
     *                  kernel (0: never spin, the default; {@code -Dio.uepoll.spinNanos} sets the
     *                  default). Spinning burns a core to save the sleep and the wakeup when the next
     *                  event is only microseconds away; EPOLL_WAIT never spins.
     */
    public static IoHandlerFactory newFactory(UepollRing ring, int ringSize, long spinNanos) {
        return newFactory(ring, ringSize, spinNanos, UepollDataPath.defaultPath());
    }

    /**
     * @param dataPath how stream channels move their bytes: {@link UepollDataPath#RING} (the default, or
     *                 {@code -Dio.uepoll.dataPath}) lets an IO_URING ring carry their sends and receives,
     *                 and pairs a USERPOLL ring with an io_uring that carries their sends;
     *                 {@link UepollDataPath#DIRECT} keeps a syscall per operation
     */
    public static IoHandlerFactory newFactory(UepollRing ring, int ringSize, long spinNanos, UepollDataPath dataPath) {
        return newFactory(ring, ringSize, spinNanos, dataPath, ReadinessRings.defaultBufferRingEntries());
    }

    /**
     * @param bufferRingEntries IO_URING with data path RING: buffers in the loop's provided-buffer ring,
     *                          from which each reading stream channel's multishot receive takes its bytes
     *                          (a power of two; {@code -Dio.uepoll.bufferRing.entries}, default 256, and
     *                          {@code -Dio.uepoll.bufferRing.bufferSize}, default 16384 bytes each); 0 turns
     *                          it off: one one-shot receive into an allocator buffer per read instead.
     *                          A kernel without buffer rings (before 5.19) gets one-shot receives too.
     */
    public static IoHandlerFactory newFactory(UepollRing ring, int ringSize, long spinNanos, UepollDataPath dataPath,
                                              int bufferRingEntries) {
        // Every argument is checked here, so a bad one names itself now, not as a failed child loop later.
        ObjectUtil.checkNotNull(ring, "ring");
        ObjectUtil.checkNotNull(dataPath, "dataPath");
        ReadinessRings.checkSize(ring, ringSize);
        ReadinessRings.checkBufferRingEntries(bufferRingEntries);
        Uepoll.ensureRingAvailability(ring);
        boolean ringPath = dataPath == UepollDataPath.RING;
        int buffers = ringPath ? bufferRingEntries : 0; // only ring receives take them
        return newFactory(ring, sink -> ReadinessRings.open(ring, ringSize, sink, ringPath, buffers), spinNanos,
                dataPath);
    }

    /** A factory whose loops open their ring through {@code opener}; package-private for fault-injection tests. */
    static IoHandlerFactory newFactory(UepollRing ring, RingOpener opener, long spinNanos) {
        return newFactory(ring, opener, spinNanos, UepollDataPath.defaultPath());
    }

    private static IoHandlerFactory newFactory(UepollRing ring, RingOpener opener, long spinNanos,
                                               UepollDataPath dataPath) {
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos must be >= 0: " + spinNanos);
        }
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                try {
                    return new UepollIoHandler(executor, opener, spinNanos, dataPath);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open a " + ring + " ring", e);
                }
            }

            @Override
            public boolean isChangingThreadSupported() {
                // IO_URING rings are bound to the thread that first submits (SINGLE_ISSUER).
                return ring != UepollRing.IO_URING;
            }
        };
    }

    private static long defaultSpinNanos() {
        String value = SystemPropertyUtil.get(SPIN_NANOS_PROPERTY, "0");
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SPIN_NANOS_PROPERTY + " is not a number of nanoseconds: " + value, e);
        }
    }

    /** This loop's counters; also registered as a JMX MBean while the loop lives. */
    public UepollCounters counters() {
        return counters;
    }

    public UepollRing ring() {
        return ring.kind();
    }

    /** The data path this loop's stream channels use: RING only where the ring carries their I/O. */
    public UepollDataPath dataPath() {
        return ioRing != null ? UepollDataPath.RING : UepollDataPath.DIRECT;
    }

    @Override
    public void initialize() {
        // Nothing: the counters were published when the handler was created.
    }

    @Override
    public int run(IoHandlerContext context) {
        boolean reportTime = context.shouldReportActiveIoTime();
        long start = reportTime ? System.nanoTime() : 0;
        int handled = 0;
        try {
            // A shared-memory ring is harvested first, for free; epoll_wait is not: when the loop may
            // sleep anyway, its one blocking call sleeps and fetches.
            if (harvestFirst || !context.canBlock()) {
                handled = ring.harvest();
                if (handled == 0 && spinNanos > 0 && context.canBlock()) {
                    handled = spinHarvest(context);
                }
            }
            if (handled == 0 && context.canBlock()) {
                sleepUntilEventOrDeadline(context);
                start = reportTime ? System.nanoTime() : 0; // the sleep is not I/O time
                handled = ring.harvest();
            }
        } catch (Error e) {
            throw e; // a VM error must reach the executor, not be logged away
        } catch (Throwable t) {
            // One bad harvest (a ring, a wakeup drain, a handle) must not take every channel of the loop
            // down with it: log, pause briefly, carry on. Rings never deliver an event twice after a throw.
            handleLoopException(t);
            handled = 0;
        }
        if (reportTime) {
            context.reportActiveIoTime(handled == 0 ? 0 : System.nanoTime() - start);
        }
        return handled;
    }

    private void handleLoopException(Throwable t) {
        counters.incrementLoopExceptions();
        logger.warn("Unexpected exception in the " + ring.kind() + " event loop.", t);
        try {
            Thread.sleep(LOOP_EXCEPTION_BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Netty's loop sees the interrupt on its next check
        }
    }

    /**
     * Polls the ring for up to spinNanos before the loop sleeps: a reply that arrives within the spin
     * costs no sleep and no wakeup. Stops early when a task arrives. Never for EPOLL_WAIT (each
     * harvest there is a syscall).
     */
    private int spinHarvest(IoHandlerContext context) throws IOException {
        long end = System.nanoTime() + spinNanos;
        do {
            Thread.onSpinWait();
            int handled = ring.harvest();
            if (handled > 0) {
                counters.incrementSpinHits();
                return handled;
            }
        } while (context.canBlock() && System.nanoTime() - end < 0);
        return 0;
    }

    private void sleepUntilEventOrDeadline(IoHandlerContext context) throws IOException {
        long deadline = context.deadlineNanos();
        nextWakeupNanos.set(deadline == -1 ? NO_DEADLINE : deadline);
        try {
            // Re-check after publishing: a task added from now on makes wakeup() write the eventfd.
            if (context.canBlock()) {
                ring.await(deadline == -1 ? -1 : Math.max(0, context.delayNanos(System.nanoTime())));
            }
        } finally {
            // Release store: other threads see the loop awake again and skip the eventfd write.
            nextWakeupNanos.lazySet(AWAKE);
        }
    }

    private void dispatch(long token, int readyOps) {
        UepollRegistration registration = registrations.get(token);
        if (registration != null) {
            registration.handle(UepollIoOps.valueOf(readyOps));
        }
    }

    @Override
    public void wakeup() {
        // A volatile read first (no read-modify-write): when the loop is awake a wakeup costs no atomic
        // write and no syscall.
        if (!executor.isExecutorThread(Thread.currentThread()) && nextWakeupNanos.get() != AWAKE
                && nextWakeupNanos.getAndSet(AWAKE) != AWAKE) {
            ring.wakeup();
        }
    }

    @Override
    public IoRegistration register(IoHandle handle) {
        UepollIoHandle uepollHandle = (UepollIoHandle) handle;
        if (!uepollHandle.fd().isOpen()) {
            throw new IllegalArgumentException("cannot register a closed fd: " + uepollHandle.fd());
        }
        long token = registrations.nextToken();
        UepollRegistration registration = new UepollRegistration(this, executor, uepollHandle, token, scratch);
        registrations.put(token, registration);
        handle.registered();
        return registration;
    }

    /** Puts a registration's fd into the ring with its first interest. Loop thread only. */
    void add(UepollRegistration registration, int interest) throws IOException {
        FileDescriptor fd = registration.handle().fd();
        if (!fd.isOpen()) {
            throw new IOException("cannot add a closed fd to the ring: " + fd);
        }
        ring.addOpen(fd.intValue(), interest, registration.token());
    }

    /** False once the loop is destroyed: completions that arrive then must not queue more work. */
    boolean isRingOpen() {
        return ring.isOpen();
    }

    /** The ring as carrier of sends and receives, or null when this loop's channels use direct syscalls. */
    IoRing ioRing() {
        return ioRing;
    }

    /** Changes the interest of a registration whose fd is in the ring. Loop thread only. */
    void modify(UepollRegistration registration, int interest) throws IOException {
        ring.modify(registration.handle().fd().intValue(), interest, registration.token());
    }

    /** Forgets the registration's token: no event reaches its handle any more. Loop thread only. */
    void unregister(UepollRegistration registration) {
        registrations.remove(registration.token());
    }

    /**
     * Takes the registration's fd out of the ring before the fd can be closed; with {@code close}, lets the
     * ring close it too where it can ({@link ReadinessRing#removeAndClose}): true then, and the fd is the
     * ring's to close. Loop thread only.
     */
    boolean removeFromRing(UepollRegistration registration, boolean close) {
        FileDescriptor fd = registration.handle().fd();
        if (!fd.isOpen()) {
            return false;
        }
        try {
            if (close && ring.removeAndClose(fd.intValue(), registration.token())) {
                return true;
            }
            ring.remove(fd.intValue(), registration.token());
        } catch (IOException e) {
            logger.debug("Unable to remove {} from the {} ring", fd, ring.kind(), e);
        }
        return false;
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return UepollIoHandle.class.isAssignableFrom(handleType);
    }

    @Override
    public void prepareToDestroy() {
        for (UepollRegistration registration : registrations.toArray()) {
            registration.close();
        }
    }

    @Override
    public void destroy() {
        counters.unpublish();
        ring.close();
        scratch.release();
    }
}
