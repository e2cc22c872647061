package io.uepoll.microbench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
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

    private static List<String> liveLoopThreads(String transport) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.isAlive() && !th.isDaemon() && th.getName().startsWith("http-" + transport + "-"))
                .map(Thread::getName).collect(Collectors.toList());
    }
}
