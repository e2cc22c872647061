package io.uepoll.microbench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server whose port is taken fails at once: one line naming the port, status 1, and no event-loop
 * thread left behind (they are not daemons: one left would keep the JVM alive after main returns).
 */
class ServerBindFailureTest {

    @ParameterizedTest
    @CsvSource({"uepoll,1", "uepoll,3", "uepoll-epoll_wait,2", "epoll,2", "nio,1"})
    void takenPortExitsAtOnceWithOneLine(String transport, int threads) throws Exception {
        Transport t = Transport.of(transport);
        assumeTrue(t.isAvailable(), () -> transport + " is not available here: " + t.unavailabilityReason());
        try (ServerSocket holder = new ServerSocket(0)) {
            String port = Integer.toString(holder.getLocalPort());
            CommandLineTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CommandLineTest.run(
                    "server", "--port", port, "--transport", transport, "--threads", Integer.toString(threads)));
            assertEquals(1, r.status(), r.err());
            assertEquals("server: cannot listen on 0.0.0.0:" + port + " (" + transport + "): ",
                    r.err().substring(0, r.err().indexOf("): ") + 3));
            assertTrue(r.err().strip().endsWith("Address already in use"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertEquals(List.of(), liveLoopThreads(transport), "loop threads left running");
        }
    }

    /**
     * Loop threads of this transport still alive after a grace period: a terminated loop's thread may
     * still be returning from its run method when the termination future completes.
     */
    private static List<String> liveLoopThreads(String transport) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (isLoopThread(th, transport)) {
                th.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> isLoopThread(th, transport) && th.isAlive())
                .map(Thread::getName).collect(Collectors.toList());
    }

    private static boolean isLoopThread(Thread th, String transport) {
        return !th.isDaemon() && th.getName().startsWith("http-" + transport + "-");
    }
}
