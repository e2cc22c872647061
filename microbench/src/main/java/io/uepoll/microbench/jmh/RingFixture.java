package io.uepoll.microbench.jmh;

import io.netty.channel.unix.FileDescriptor;
import io.uepoll.channel.UepollRing;
import io.uepoll.channel.internal.Native;
import io.uepoll.channel.internal.ReadinessRing;
import io.uepoll.channel.internal.ReadinessRings;
import io.uepoll.channel.internal.ReadyOps;
import io.uepoll.channel.internal.ReadySink;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One ring with N watched eventfds (non-blocking, edge-triggered, token i + 1) and N eventfds no
 * ring watches. Subclasses fix N, so that {@code @OperationsPerInvocation(N)} reports per event.
 */
@State(Scope.Thread)
public abstract class RingFixture {
    /** Rings the kernel lacks are skipped by the {@code jmh} subcommand (see JmhDefaults). */
    @Param({"IO_URING", "EPOLL_WAIT", "USERPOLL"})
    public String ring;

    protected ReadinessRing r;
    protected FileDescriptor[] watched;
    protected FileDescriptor[] unwatched;
    protected long harvested;
    protected final ReadySink sink = (token, ops) -> harvested += token;

    /** How many fds become ready per loop iteration. */
    protected abstract int ready();

    @Setup(Level.Trial)
    public void open() throws IOException {
        UepollRing kind = JmhRings.require(ring);
        int n = ready();
        r = ReadinessRings.open(kind, Math.max(ReadinessRings.DEFAULT_SIZE, 4 * n), sink);
        watched = new FileDescriptor[n];
        unwatched = new FileDescriptor[n];
        for (int i = 0; i < n; i++) {
            watched[i] = new FileDescriptor(Native.eventfd());
            unwatched[i] = new FileDescriptor(Native.eventfd());
            r.add(watched[i].intValue(), ReadyOps.IN, i + 1);
        }
        drain(); // registration reports nothing for an empty eventfd; IO_URING submits its SQEs here
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        drain();
        r.close();
        for (int i = 0; i < watched.length; i++) {
            watched[i].close();
            unwatched[i].close();
        }
    }

    private void drain() throws IOException {
        for (int i = 0; i < 5; i++) {
            r.harvest();
            r.await(TimeUnit.MILLISECONDS.toNanos(1));
        }
        r.harvest();
    }

    protected static void writeAll(FileDescriptor[] fds) throws IOException {
        for (FileDescriptor fd : fds) {
            Native.eventfdWrite(fd.intValue(), 1L);
        }
    }

    /** Harvests until all N events arrived (one harvest when the ring works as it should). */
    protected int harvestAll() throws IOException {
        int n = watched.length;
        int got = r.harvest();
        while (got < n) {
            r.await(TimeUnit.MILLISECONDS.toNanos(10));
            got += r.harvest();
        }
        return got;
    }
}
