package io.uepoll.microbench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every workload answers on every kind of transport: HTTP/1.1 from the loop or an app thread, h2c streams. */
class WorkloadTest {

    @ParameterizedTest
    @CsvSource({"uepoll-io_uring,hello", "uepoll-io_uring,executor", "uepoll-io_uring,h2c",
            "uepoll-io_uring-direct,executor", "uepoll-epoll_wait,h2c", "epoll,executor", "nio,h2c"})
    void serverAnswers(String transport, String workload) throws Exception {
        Transport t = Transport.of(transport);
        assumeTrue(t.isAvailable(), () -> transport + " is not available here: " + t.unavailabilityReason());
        Workload w = Workload.of(workload);
        try (HelloWorldServer server = new HelloWorldServer(t, "127.0.0.1", 0, 1, w)) {
            if (w == Workload.H2C) {
                assertNull(H2cProbe.check(server.port(), 16));
            }
            // h2c servers answer HTTP/1.1 too (a connection without HTTP/2's preface).
            assertNull(ServerProcess.checkHttp1(server.port(), 8));
        }
    }

    @Test
    void unknownWorkloadNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.of("grpc"));
        assertEquals("unknown workload 'grpc' (one of hello, executor, h2c, close)", e.getMessage());
    }

    /** Workload close: one response per connection, then the server closes it (wrk connects again). */
    @ParameterizedTest
    @CsvSource({"uepoll-io_uring", "uepoll-io_uring-direct", "uepoll-epoll_wait", "epoll"})
    void closeWorkloadAnswersOnceThenCloses(String transport) throws Exception {
        Transport t = Transport.of(transport);
        assumeTrue(t.isAvailable(), () -> transport + " is not available here: " + t.unavailabilityReason());
        try (HelloWorldServer server = new HelloWorldServer(t, "127.0.0.1", 0, 1, Workload.CLOSE)) {
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    s.setSoTimeout(5000);
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n") && response.endsWith("Hello, World!")
                            && response.contains("connection: close\r\n"), response);
                }
            }
        }
    }

    @Test
    void loadBenchRefusesClose() {
        CommandLineTest.Run r = CommandLineTest.run("load-bench", "--workload", "close");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("load-bench: --workload close is measured by http-bench"), r.err());
    }

    @Test
    void streamsNeedH2c() {
        CommandLineTest.Run r = CommandLineTest.run("http-bench", "--streams", "16");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("http-bench: --streams is for --workload h2c"), r.err());
    }

    @Test
    void loadBenchRefusesH2c() {
        CommandLineTest.Run r = CommandLineTest.run("load-bench", "--workload", "h2c");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("load-bench: --workload h2c is measured by http-bench"), r.err());
    }
}
