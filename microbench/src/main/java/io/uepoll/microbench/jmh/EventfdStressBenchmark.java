package io.uepoll.microbench.jmh;

import io.netty.channel.unix.FileDescriptor;
import io.uepoll.channel.internal.Native;
import io.uepoll.channel.internal.ReadinessRing;
import io.uepoll.channel.internal.ReadinessRings;
import io.uepoll.channel.internal.ReadyOps;
import io.uepoll.channel.internal.ReadySink;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The seed's eventfd stress as a throughput benchmark: P producer threads (8-64) each write their
 * own non-blocking edge-triggered eventfd flat out; the benchmark thread is the one consumer, which
 * harvests and reads each ready counter (sleeping 1 ms at most when nothing is ready). Read the
 * secondary results: {@code events} (events delivered per ms) and {@code writes} (producer writes
 * consumed per ms; one event may cover many writes). The primary score counts loop iterations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EventfdStressBenchmark {
    @Param({"IO_URING", "EPOLL_WAIT", "USERPOLL"})
    public String ring;

    @Param({"8", "16", "32", "64"})
    public int producers;

    /** Reported per ms by JMH as secondary results. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Delivered {
        public long events;
        public long writes;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
            writes = 0;
        }
    }

    private ReadinessRing r;
    private FileDescriptor[] fds;
    private Thread[] threads;
    private volatile boolean running;
    private volatile Throwable failure;
    private Delivered current;
    private final ReadySink sink = (token, ops) -> {
        try {
            long v = Native.eventfdRead(fds[(int) token].intValue());
            current.events++;
            current.writes += v;
        } catch (IOException e) {
            failure = e;
        }
    };

    @Setup(Level.Trial)
    public void start() throws IOException {
        r = ReadinessRings.open(JmhRings.require(ring), ReadinessRings.DEFAULT_SIZE, sink);
        fds = new FileDescriptor[producers];
        threads = new Thread[producers];
        for (int i = 0; i < producers; i++) {
            fds[i] = new FileDescriptor(Native.eventfd());
            r.add(fds[i].intValue(), ReadyOps.IN, i);
        }
        running = true;
        for (int i = 0; i < producers; i++) {
            int fd = fds[i].intValue();
            threads[i] = new Thread(() -> {
                try {
                    while (running) {
                        Native.eventfdWrite(fd, 1L);
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }, "stress-producer-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        running = false;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        r.close();
        for (FileDescriptor fd : fds) {
            fd.close();
        }
        if (failure != null) {
            throw new IllegalStateException("stress failed", failure);
        }
    }

    @Benchmark
    public int consume(Delivered delivered) throws IOException {
        current = delivered;
        int n = r.harvest();
        if (n == 0) {
            r.await(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return n;
    }
}
