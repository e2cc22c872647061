package io.uepoll.channel;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.internal.ReadinessRing;
import io.uepoll.channel.internal.RingCounters;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * {@link UepollCounters} of one loop: published over JMX as
 * {@code io.uepoll:type=UepollIoHandler,group=<g>,loop=<n>} and findable by the loop's executor from
 * the moment the loop is created until it is destroyed.
 */
final class UepollLoopCounters implements UepollCounters {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(UepollLoopCounters.class);
    /** The counters of every live loop, by the loop (the executor its handler was made for). */
    private static final Map<Object, UepollLoopCounters> BY_LOOP = new ConcurrentHashMap<>();
    private static final LoopNames NAMES = new LoopNames();

    private final Object loop;
    private final ReadinessRing ring;
    private final RingCounters counters;
    private final IntSupplier registrations;
    private final ObjectName name;
    private final UepollDataPath dataPath;

    UepollLoopCounters(Object loop, ReadinessRing ring, UepollDataPath dataPath, IntSupplier registrations) {
        this.loop = loop;
        this.ring = ring;
        this.dataPath = dataPath;
        this.counters = ring.counters();
        this.registrations = registrations;
        this.name = NAMES.next(loop);
    }

    /** The counters of a live uepoll loop, or null when {@code loop} is none. */
    static UepollCounters of(Object loop) {
        return BY_LOOP.get(loop);
    }

    /**
     * Group and loop numbers for the MBean names: a group is numbered when its first loop is created
     * (loops without a group share group "none"), its loops in creation order.
     */
    private static final class LoopNames {
        private final Map<Object, AtomicInteger> loopsPerGroup = new WeakHashMap<>();
        private final Map<Object, Integer> groupIds = new WeakHashMap<>();
        private int nextGroupId;

        synchronized ObjectName next(Object loop) {
            Object group = loop instanceof EventExecutor ? ((EventExecutor) loop).parent() : null;
            String groupName = group == null ? "none" : String.valueOf(groupIds.computeIfAbsent(group, g -> nextGroupId++));
            int loopId = loopsPerGroup.computeIfAbsent(group == null ? NONE : group, g -> new AtomicInteger()).getAndIncrement();
            try {
                return new ObjectName("io.uepoll:type=UepollIoHandler,group=" + groupName + ",loop=" + loopId);
            } catch (JMException e) {
                throw new IllegalStateException(e);
            }
        }

        private static final Object NONE = new Object();
    }

    ObjectName objectName() {
        return name;
    }

    /** Makes the counters findable by loop and over JMX; called when the loop's handler is created. */
    void publish() {
        BY_LOOP.put(loop, this);
        registerMBean();
    }

    void unpublish() {
        BY_LOOP.remove(loop, this);
        unregisterMBean();
    }

    private void registerMBean() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(new StandardMBean(this, UepollCounters.class), name);
        } catch (JMException | RuntimeException e) {
            logger.debug("Could not register the counters MBean {}", name, e);
        }
    }

    private void unregisterMBean() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            logger.debug("Could not unregister the counters MBean {}", name, e);
        }
    }

    @Override
    public String getRing() {
        return ring.kind().name();
    }

    @Override
    public String getDataPath() {
        return dataPath.name();
    }

    @Override
    public long getSendsSubmitted() {
        return counters.sendsSubmitted();
    }

    @Override
    public long getRecvsSubmitted() {
        return counters.recvsSubmitted();
    }

    @Override
    public long getIoCompletions() {
        return counters.completions();
    }

    @Override
    public boolean isBufferRing() {
        return dataPath == UepollDataPath.RING && ring.ioRing() != null && ring.ioRing().providesBuffers();
    }

    @Override
    public boolean isBufferRingIncremental() {
        return isBufferRing() && ring.ioRing().buffersIncremental();
    }

    @Override
    public long getBufferRingRecycles() {
        return counters.bufferRecycles();
    }

    @Override
    public long getBufferRingEmpty() {
        return counters.bufferRingEmpty();
    }

    @Override
    public long getRingCloses() {
        return counters.closes();
    }

    @Override
    public long getRingConnects() {
        return counters.connects();
    }

    @Override
    public long getRingAccepts() {
        return counters.accepts();
    }

    @Override
    public long getRingEnters() {
        return counters.enters();
    }

    @Override
    public long getEventsHarvested() {
        return counters.eventsHarvested();
    }

    @Override
    public long getKernelWaits() {
        return counters.kernelWaits();
    }

    @Override
    public long getWakeupsWritten() {
        return counters.wakeupsWritten();
    }

    @Override
    public long getRingOverflows() {
        return counters.overflows();
    }

    @Override
    public long getRearms() {
        return counters.rearms();
    }

    @Override
    public long getSpinHits() {
        return counters.spinHits();
    }

    @Override
    public long getLoopExceptions() {
        return counters.loopExceptions();
    }

    void incrementLoopExceptions() {
        counters.incrementLoopExceptions();
    }

    void incrementSpinHits() {
        counters.incrementSpinHits();
    }

    @Override
    public int getRegistrations() {
        return registrations.getAsInt();
    }

    @Override
    public String toString() {
        return "UepollCounters(ring " + getRing() + ", data path " + getDataPath() + ", events " + getEventsHarvested() + ", kernel waits "
                + getKernelWaits() + ", wakeups " + getWakeupsWritten() + ", overflows " + getRingOverflows()
                + ", re-arms " + getRearms() + ", spin hits " + getSpinHits() + ", loop exceptions " + getLoopExceptions()
                + ", sends " + getSendsSubmitted() + ", receives " + getRecvsSubmitted() + ", completions " + getIoCompletions() + ", enters " + getRingEnters()
                + ", buffer ring " + isBufferRing() + (isBufferRingIncremental() ? " incremental" : "") + " (ran dry "
                + getBufferRingEmpty() + ", recycled " + getBufferRingRecycles() + "), accepts " + getRingAccepts() + ", connects " + getRingConnects() + ", closes " + getRingCloses() + ')';
    }
}
