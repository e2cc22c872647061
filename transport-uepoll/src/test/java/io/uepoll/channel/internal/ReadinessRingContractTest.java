package io.uepoll.channel.internal;

import io.netty.channel.unix.FileDescriptor;
import io.uepoll.channel.UepollRing;
import io.uepoll.channel.internal.RingTestSupport.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.internal.RingTestSupport.harvestAtLeast;
import static io.uepoll.channel.internal.RingTestSupport.harvestFor;
import static io.uepoll.channel.internal.RingTestSupport.open;
import static org.junit.jupiter.api.Assertions.*;

/** The {@link ReadinessRing} contract, run against every ring this kernel has. */
class ReadinessRingContractTest {

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void addModifyRemove(UepollRing kind) throws Exception {
        try (ReadinessRing ring = open(kind)) {
            FileDescriptor efd = new FileDescriptor(Native.eventfd());
            try {
                ring.add(efd.intValue(), ReadyOps.IN, 7);
                assertTrue(harvestFor(ring, 50).isEmpty(), "nothing is ready yet");
                Native.eventfdWrite(efd.intValue(), 1);
                List<Event> events = harvestAtLeast(ring, 1, 2000);
                assertEquals(List.of(new Event(7, ReadyOps.IN)), events);

                // An eventfd is always writable: asking for OUT reports it at once.
                ring.modify(efd.intValue(), ReadyOps.OUT, 7);
                events = harvestAtLeast(ring, 1, 2000);
                assertFalse(events.isEmpty(), "MOD to OUT reports the writable eventfd");
                assertTrue(events.stream().allMatch(e -> e.token() == 7 && ReadyOps.intersects(e.ops(), ReadyOps.OUT)));

                ring.remove(efd.intValue(), 7);
                Native.eventfdWrite(efd.intValue(), 1);
                assertTrue(harvestFor(ring, 100).isEmpty(), "no events after remove");
            } finally {
                efd.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void oneEventPerEdgeAndReadinessAfterDrain(UepollRing kind) throws Exception {
        try (ReadinessRing ring = open(kind)) {
            FileDescriptor efd = new FileDescriptor(Native.eventfd());
            try {
                ring.add(efd.intValue(), ReadyOps.IN, 1);
                Native.eventfdWrite(efd.intValue(), 1);
                assertEquals(1, harvestAtLeast(ring, 1, 2000).size());
                assertTrue(harvestFor(ring, 100).isEmpty(), "edge-triggered: no second event without a new edge");

                assertEquals(1, Native.eventfdRead(efd.intValue()));
                Native.eventfdWrite(efd.intValue(), 5);
                assertEquals(List.of(new Event(1, ReadyOps.IN)), harvestAtLeast(ring, 1, 2000), "a new edge after drain");
            } finally {
                efd.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void readinessPresentAtAddIsReported(UepollRing kind) throws Exception {
        try (ReadinessRing ring = open(kind)) {
            FileDescriptor efd = new FileDescriptor(Native.eventfd());
            try {
                Native.eventfdWrite(efd.intValue(), 3);
                ring.add(efd.intValue(), ReadyOps.IN, 3);
                assertEquals(List.of(new Event(3, ReadyOps.IN)), harvestAtLeast(ring, 1, 2000));
            } finally {
                efd.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void aSinkThatThrowsLosesNoEventAndDuplicatesNone(UepollRing kind) throws Exception {
        try (ReadinessRing ring = open(kind)) {
            FileDescriptor[] fds = new FileDescriptor[4];
            try {
                for (int i = 0; i < fds.length; i++) {
                    fds[i] = new FileDescriptor(Native.eventfd());
                    ring.add(fds[i].intValue(), ReadyOps.IN, 20 + i);
                }
                // Wait until the ring holds all four edges, without consuming them.
                for (FileDescriptor fd : fds) {
                    Native.eventfdWrite(fd.intValue(), 1);
                }
                ring.await(TimeUnit.MILLISECONDS.toNanos(200));
                Thread.sleep(50);
                List<Long> seen = new java.util.ArrayList<>();
                boolean[] thrown = {false};
                RuntimeException fault = assertThrows(IllegalStateException.class, () -> RingTestSupport.harvest(ring, (token, ops) -> {
                    seen.add(token);
                    if (!thrown[0]) {
                        thrown[0] = true;
                        throw new IllegalStateException("sink fault");
                    }
                }));
                assertEquals("sink fault", fault.getMessage());
                // What the throw left in the ring comes with the next harvests, the thrown event not again.
                for (Event e : harvestFor(ring, 200)) {
                    seen.add(e.token());
                }
                assertEquals(4, seen.size(), "every edge delivered exactly once: " + seen);
                assertEquals(4, new java.util.HashSet<>(seen).size(), "no duplicates: " + seen);

                // Still armed exactly once per fd: a new edge after draining gives one event each.
                for (FileDescriptor fd : fds) {
                    Native.eventfdRead(fd.intValue());
                    Native.eventfdWrite(fd.intValue(), 1);
                }
                List<Event> again = harvestAtLeast(ring, 4, 2000);
                again.addAll(harvestFor(ring, 100));
                assertEquals(4, again.size(), "one event per fd after the fault: " + again);
            } finally {
                for (FileDescriptor fd : fds) {
                    if (fd != null) {
                        fd.close();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void wakeupFromAnotherThreadEndsAwait(UepollRing kind) throws Exception {
        try (ReadinessRing ring = open(kind)) {
            CountDownLatch sleeping = new CountDownLatch(1);
            Thread waker = new Thread(() -> {
                try {
                    sleeping.await();
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ring.wakeup();
            });
            waker.start();
            sleeping.countDown();
            long start = System.nanoTime();
            ring.await(TimeUnit.SECONDS.toNanos(10));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            waker.join();
            assertTrue(tookMillis < 5000, "await returned after the wakeup, not the 10 s timeout: " + tookMillis + " ms");
            assertEquals(0, RingTestSupport.harvest(ring, (t, o) -> fail("a wakeup is not an event")));
            assertEquals(1, ring.counters().wakeupsWritten());
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void awaitHonoursTheDeadline(UepollRing kind) throws Exception {
        try (ReadinessRing ring = open(kind)) {
            for (long timeoutMicros : new long[] {500, 2_000, 20_000}) {
                long start = System.nanoTime();
                ring.await(TimeUnit.MICROSECONDS.toNanos(timeoutMicros));
                long took = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
                assertTrue(took >= timeoutMicros - 100, "returned early: " + took + " us < " + timeoutMicros);
                assertTrue(took < timeoutMicros + 200_000, "overslept: " + took + " us for " + timeoutMicros);
            }
            assertTrue(ring.counters().kernelWaits() >= 3);
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void removeThenCloseReallyClosesTheSocket(UepollRing kind) throws Exception {
        try (ReadinessRing ring = open(kind);
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            io.netty.channel.unix.Socket client = io.netty.channel.unix.Socket.newSocketStream();
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket accepted = server.accept()) {
                ring.add(client.intValue(), ReadyOps.IN | ReadyOps.RDHUP, 11);
                harvestFor(ring, 20);
                ring.remove(client.intValue(), 11);
                client.close();
                accepted.setSoTimeout(5000);
                InputStream in = accepted.getInputStream();
                assertEquals(-1, in.read(), "the peer sees EOF: the ring let go of the socket");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void closingRingsReleasesFdsAndMappings(UepollRing kind) throws Exception {
        RingTestSupport.assumeRing(kind);
        for (int i = 0; i < 10; i++) {
            RingTestSupport.open(kind, 64).close();
        }
        ProcSelf before = ProcSelf.snapshot();
        for (int i = 0; i < 1000; i++) {
            ReadinessRing ring = RingTestSupport.open(kind, 64);
            ring.wakeup();
            RingTestSupport.harvest(ring, (t, o) -> { });
            ring.close();
        }
        ProcSelf after = ProcSelf.snapshot();
        assertTrue(after.fds() <= before.fds(), "fds leaked: " + before + " -> " + after);
        assertTrue(after.ringMappings() <= before.ringMappings(), "mappings leaked: " + before + " -> " + after);
    }

    /**
     * addOpen trusts its caller; an fd that is closed anyway still reaches its owner: at once (epoll_ctl's
     * EBADF) or as an ERR | HUP event for the token (IO_URING's poll fails in a CQE), never silence.
     */
    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void aClosedFdAddedAsOpenIsReportedNotLost(UepollRing kind) throws Exception {
        RingTestSupport.assumeRing(kind);
        ReadinessRing ring = RingTestSupport.open(kind, 64);
        FileDescriptor efd = new FileDescriptor(Native.eventfd());
        int closedFd = efd.intValue();
        efd.close();
        try {
            try {
                ring.addOpen(closedFd, ReadyOps.IN, 7);
            } catch (IOException e) {
                assertTrue(e.getMessage().contains("Bad file descriptor"), e.getMessage());
                return;
            }
            assertEquals(List.of(new Event(7, ReadyOps.ERR | ReadyOps.HUP)), harvestAtLeast(ring, 1, 5000),
                    "the failed poll came as ERR | HUP");
        } finally {
            ring.close();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void badInputGivesClearExceptions(UepollRing kind) throws Exception {
        RingTestSupport.assumeRing(kind);
        assertThrows(IllegalArgumentException.class, () -> RingTestSupport.open(kind, 0));
        assertThrows(IllegalArgumentException.class, () -> RingTestSupport.open(kind, 1 << 20));
        ReadinessRing ring = RingTestSupport.open(kind, 64);
        FileDescriptor efd = new FileDescriptor(Native.eventfd());
        int closedFd = efd.intValue();
        efd.close();
        try {
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> ring.add(-1, ReadyOps.IN, 1));
            assertTrue(negative.getMessage().contains("fd"), negative.getMessage());
            IOException closed = assertThrows(IOException.class, () -> ring.add(closedFd, ReadyOps.IN, 1));
            assertTrue(closed.getMessage().contains("Bad file descriptor"), closed.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ring.add(0, 0x40000, 1), "unknown interest bit");
            assertThrows(IllegalArgumentException.class, () -> ring.add(0, ReadyOps.IN, -5), "negative token");
        } finally {
            ring.close();
        }
        ring.close(); // idempotent
        IllegalStateException afterClose = assertThrows(IllegalStateException.class, () -> RingTestSupport.harvest(ring, (t, o) -> { }));
        assertTrue(afterClose.getMessage().contains("closed"), afterClose.getMessage());
        assertThrows(IllegalStateException.class, () -> ring.add(0, ReadyOps.IN, 1));
        assertThrows(IllegalStateException.class, () -> ring.await(1000));
        ring.wakeup(); // harmless after close
    }
}
