package io.uepoll.microbench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Whole readiness delivery, ns per event: N eventfd writes then one harvest, all timed on the loop
 * thread, so the kernel's producer-side work (ep_poll_callback, io_uring poll task work, the uepoll
 * ring append) counts too. {@code writeUnwatched} is the same N writes to eventfds no ring watches:
 * {@code writeAndHarvest - writeUnwatched} is what readiness delivery itself costs per event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class DeliveryBenchmark extends RingFixture {

    @Benchmark
    public int writeAndHarvest() throws IOException {
        writeAll(watched);
        return harvestAll();
    }

    @Benchmark
    public long writeUnwatched() throws IOException {
        writeAll(unwatched);
        return harvested;
    }

    @OperationsPerInvocation(1)
    public static class N1 extends DeliveryBenchmark {
        @Override
        protected int ready() {
            return 1;
        }
    }

    @OperationsPerInvocation(16)
    public static class N16 extends DeliveryBenchmark {
        @Override
        protected int ready() {
            return 16;
        }
    }

    @OperationsPerInvocation(256)
    public static class N256 extends DeliveryBenchmark {
        @Override
        protected int ready() {
            return 256;
        }
    }
}
