package io.uepoll.microbench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Harvest cost, ns per event: N fds (1, 16, 256) are made ready in an untimed per-invocation setup
 * (N eventfd writes on the loop thread), then one loop iteration harvests them, timed. IO_URING and
 * USERPOLL read shared memory; EPOLL_WAIT is the classic loop's {@code epoll_wait} copy-out. On
 * IO_URING the poll task work runs at the return of the writer's own syscalls (COOP_TASKRUN), so
 * that share lands in the untimed setup, as it lands in a server's read/write syscalls:
 * {@link DeliveryBenchmark} times writes and harvest together. Per-invocation timing costs ~20-30 ns
 * of timer overhead; read N1 with that in mind.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class HarvestBenchmark extends RingFixture {

    @Setup(Level.Invocation)
    public void makeReady() throws IOException {
        writeAll(watched);
    }

    @Benchmark
    public int harvest() throws IOException {
        return harvestAll();
    }

    @OperationsPerInvocation(1)
    public static class N1 extends HarvestBenchmark {
        @Override
        protected int ready() {
            return 1;
        }
    }

    @OperationsPerInvocation(16)
    public static class N16 extends HarvestBenchmark {
        @Override
        protected int ready() {
            return 16;
        }
    }

    @OperationsPerInvocation(256)
    public static class N256 extends HarvestBenchmark {
        @Override
        protected int ready() {
            return 256;
        }
    }
}
