package io.uepoll.microbench.jmh;

import io.netty.channel.unix.FileDescriptor;
import io.uepoll.channel.UepollRing;
import io.uepoll.channel.internal.Native;
import io.uepoll.channel.internal.ReadinessRing;
import io.uepoll.channel.internal.ReadinessRings;
import io.uepoll.channel.internal.ReadyOps;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cross-thread wake-up to harvest latency, ns: a loop thread sleeps in {@code ring.await(-1)}; the
 * benchmark thread wakes it and spins until the loop has returned from the kernel and harvested.
 * An untimed per-invocation setup waits until the loop is back asleep (it announced the await and
 * 30 us passed), so every invocation measures a wake-up from a real sleep.
 * <ul>
 *   <li>{@code wakeup}: {@link ReadinessRing#wakeup()} (the eventfd write Netty's
 *       {@code IoHandler.wakeup()} does when a task is added from another thread).</li>
 *   <li>{@code fdReady}: a write to an eventfd the ring watches: I/O readiness waking the loop.</li>
 * </ul>
 * The loop thread opens the ring itself (IO_URING rings are bound to their first submitter).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WakeupBenchmark {
    private static final long SETTLE_NANOS = TimeUnit.MICROSECONDS.toNanos(30);

    @Param({"IO_URING", "EPOLL_WAIT", "USERPOLL"})
    public String ring;

    private volatile ReadinessRing r;
    private FileDescriptor fd;
    private volatile boolean running;
    /** Times the loop came back from await and harvested. */
    private volatile long woken;
    /** The loop is about to sleep (set right before await). */
    private volatile boolean parked;
    private volatile Throwable failure;
    private Thread loop;
    private long events;

    @Setup(Level.Trial)
    public void start() throws Exception {
        UepollRing kind = JmhRings.require(ring);
        fd = new FileDescriptor(Native.eventfd());
        running = true;
        CompletableFuture<ReadinessRing> opened = new CompletableFuture<>();
        loop = new Thread(() -> runLoop(kind, opened), "wakeup-bench-loop");
        loop.setDaemon(true);
        loop.start();
        r = opened.get(10, TimeUnit.SECONDS);
    }

    private void runLoop(UepollRing kind, CompletableFuture<ReadinessRing> opened) {
        ReadinessRing ring;
        try {
            ring = ReadinessRings.open(kind, 256, (token, ops) -> {
                events++;
                try {
                    Native.eventfdRead(fd.intValue());
                } catch (IOException e) {
                    failure = e;
                }
            });
            ring.add(fd.intValue(), ReadyOps.IN, 1);
            ring.harvest();
        } catch (Throwable t) {
            opened.completeExceptionally(t);
            return;
        }
        opened.complete(ring);
        try {
            while (running) {
                parked = true;
                ring.await(-1);
                parked = false;
                ring.harvest();
                woken++;
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            ring.close();
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        running = false;
        r.wakeup();
        loop.join(TimeUnit.SECONDS.toMillis(10));
        fd.close();
        if (failure != null) {
            throw new IllegalStateException("loop thread failed", failure);
        }
    }

    /** Untimed: the loop has finished the previous round and had time to fall asleep in the kernel. */
    @Setup(Level.Invocation)
    public void letLoopSleep() {
        while (!parked) {
            if (failure != null || !loop.isAlive()) {
                throw new IllegalStateException("loop thread stopped", failure);
            }
            Thread.onSpinWait();
        }
        long until = System.nanoTime() + SETTLE_NANOS;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    public long wakeup() {
        long target = woken + 1;
        r.wakeup();
        return awaitLoop(target);
    }

    @Benchmark
    public long fdReady() throws IOException {
        long target = woken + 1;
        Native.eventfdWrite(fd.intValue(), 1L);
        return awaitLoop(target);
    }

    private long awaitLoop(long target) {
        long w;
        while ((w = woken) < target) {
            Thread.onSpinWait();
        }
        return w;
    }
}
