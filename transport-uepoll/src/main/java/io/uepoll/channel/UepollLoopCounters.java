package io.uepoll.channel;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.internal.ReadinessRing;
import io.uepoll.channel.internal.RingCounters;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** {@link UepollCounters} of one loop, published over JMX while the loop lives. */
final class UepollLoopCounters implements UepollCounters {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(UepollLoopCounters.class);
    private static final AtomicInteger LOOP_IDS = new AtomicInteger();

    private final ReadinessRing ring;
    private final RingCounters counters;
    private final IntSupplier registrations;
    private final ObjectName name;

    UepollLoopCounters(ReadinessRing ring, IntSupplier registrations) {
        this.ring = ring;
        this.counters = ring.counters();
        this.registrations = registrations;
        this.name = objectName(LOOP_IDS.getAndIncrement());
    }

    private static ObjectName objectName(int id) {
        try {
            return new ObjectName("io.uepoll:type=UepollIoHandler,loop=" + id);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectName objectName() {
        return name;
    }

    void registerMBean() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(new StandardMBean(this, UepollCounters.class), name);
        } catch (JMException | RuntimeException e) {
            logger.debug("Could not register the counters MBean {}", name, e);
        }
    }

    void unregisterMBean() {
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

    void incrementSpinHits() {
        counters.incrementSpinHits();
    }

    @Override
    public int getRegistrations() {
        return registrations.getAsInt();
    }

    @Override
    public String toString() {
        return "UepollCounters(ring " + getRing() + ", events " + getEventsHarvested() + ", kernel waits "
                + getKernelWaits() + ", wakeups " + getWakeupsWritten() + ", overflows " + getRingOverflows()
                + ", re-arms " + getRearms() + ", spin hits " + getSpinHits() + ')';
    }
}
