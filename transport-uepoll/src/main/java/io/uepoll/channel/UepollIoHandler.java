package io.uepoll.channel;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.unix.IovArray;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.internal.ReadinessRing;
import io.uepoll.channel.internal.ReadinessRings;
import io.uepoll.channel.internal.ReadySink;

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

    private final ThreadAwareExecutor executor;
    private final ReadinessRing ring;
    private final LongObjectHashMap<UepollRegistration> registrations = new LongObjectHashMap<>(4096);
    private final AtomicLong nextWakeupNanos = new AtomicLong(AWAKE);
    private final ReadySink dispatcher = this::dispatch;
    private final IovArray iovArray = new IovArray();
    private final UepollLoopCounters counters;
    private long nextToken;

    private UepollIoHandler(ThreadAwareExecutor executor, UepollRing kind, int ringSize) throws IOException {
        this.executor = executor;
        this.ring = ReadinessRings.open(kind, ringSize);
        this.counters = new UepollLoopCounters(ring, registrations::size);
    }

    /** A factory for handlers on {@link Uepoll#defaultRing()}. */
    public static IoHandlerFactory newFactory() {
        return newFactory(Uepoll.defaultRing());
    }

    public static IoHandlerFactory newFactory(UepollRing ring) {
        return newFactory(ring, ReadinessRings.DEFAULT_SIZE);
    }

    /**
     * @param ringSize USERPOLL: max registered fds; IO_URING: completion-queue entries (a power of
     *                 two); EPOLL_WAIT: events per epoll_wait
     */
    public static IoHandlerFactory newFactory(UepollRing ring, int ringSize) {
        Uepoll.ensureRingAvailability(ring);
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                try {
                    return new UepollIoHandler(executor, ring, ringSize);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open a " + ring + " ring of size " + ringSize, e);
                }
            }

            @Override
            public boolean isChangingThreadSupported() {
                // IO_URING rings are bound to the thread that first submits (SINGLE_ISSUER).
                return ring != UepollRing.IO_URING;
            }
        };
    }

    /** This loop's counters; also registered as a JMX MBean while the loop lives. */
    public UepollCounters counters() {
        return counters;
    }

    public UepollRing ring() {
        return ring.kind();
    }

    @Override
    public void initialize() {
        counters.registerMBean();
    }

    @Override
    public int run(IoHandlerContext context) {
        long start = context.shouldReportActiveIoTime() ? System.nanoTime() : 0;
        int handled;
        try {
            handled = ring.harvest(dispatcher);
            if (handled == 0 && context.canBlock()) {
                sleepUntilEventOrDeadline(context);
                start = context.shouldReportActiveIoTime() ? System.nanoTime() : 0;
                handled = ring.harvest(dispatcher);
            }
        } catch (IOException e) {
            logger.warn("Unexpected exception in the " + ring.kind() + " event loop.", e);
            handled = 0;
        }
        if (context.shouldReportActiveIoTime()) {
            context.reportActiveIoTime(handled == 0 ? 0 : System.nanoTime() - start);
        }
        return handled;
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
        // A plain read first: when the loop is awake a wakeup costs no atomic write and no syscall.
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
        long token = nextToken++;
        UepollRegistration registration = new UepollRegistration(this, executor, uepollHandle, token);
        registrations.put(token, registration);
        handle.registered();
        return registration;
    }

    /** Sets the interest of a registration; the first call adds the fd to the ring. Loop thread only. */
    void submit(UepollRegistration registration, int interest, boolean added) throws IOException {
        int fd = registration.handle().fd().intValue();
        if (added) {
            ring.modify(fd, interest, registration.token());
        } else {
            ring.add(fd, interest, registration.token());
        }
    }

    /** Removes the registration from the ring before its fd can be closed. Loop thread only. */
    void remove(UepollRegistration registration, boolean added) {
        registrations.remove(registration.token());
        if (added && registration.handle().fd().isOpen()) {
            try {
                ring.remove(registration.handle().fd().intValue(), registration.token());
            } catch (IOException e) {
                logger.debug("Unable to remove {} from the {} ring", registration.handle().fd(), ring.kind(), e);
            }
        }
    }

    /** A per-loop scratch IovArray for gathering writes (the registration's attachment). */
    IovArray cleanIovArray() {
        iovArray.clear();
        return iovArray;
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return UepollIoHandle.class.isAssignableFrom(handleType);
    }

    @Override
    public void prepareToDestroy() {
        for (UepollRegistration registration : registrations.values().toArray(new UepollRegistration[0])) {
            registration.close();
        }
    }

    @Override
    public void destroy() {
        counters.unregisterMBean();
        ring.close();
        iovArray.release();
    }
}
