package io.uepoll.microbench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's parsing and arithmetic; no load is generated and nothing is timed. */
class HttpBenchParsingTest {
    private static final String WRK = String.join("\n",
            "Running 3s test @ http://127.0.0.1:18080/",
            "  1 threads and 64 connections",
            "  Thread Stats   Avg      Stdev     Max   +/- Stdev",
            "    Latency    32.84ms   55.45ms 554.18ms   93.56%",
            "    Req/Sec     3.12k     1.78k    7.43k    70.00%",
            "  Latency Distribution",
            "     50%  816.00us",
            "     75%   30.46ms",
            "     90%   69.76ms",
            "     99%    1.25s",
            "  9633 requests in 3.12s, 733.76KB read",
            "  Socket errors: connect 0, read 2, write 0, timeout 12",
            "  Non-2xx or 3xx responses: 5",
            "Requests/sec:   3086.63",
            "Transfer/sec:    235.11KB",
            "");

    @Test
    void parsesWrkOutput() {
        Wrk.Result r = Wrk.parse(WRK);
        assertNull(r.failure);
        assertEquals(9633, r.requests);
        assertEquals(3.12, r.seconds, 1e-9);
        assertEquals(9633 / 3.12, r.requestsPerSecond(), 1e-6);
        assertEquals(816.0, r.p50Micros, 1e-9);
        assertEquals(1.25e6, r.p99Micros, 1e-3);
        assertEquals(733.76 * 1024, r.bytesRead, 1e-6);
        assertEquals(2 + 12 + 5, r.errors());
        assertEquals("read=2 timeout=12 non-2xx=5", r.errorSummary());
        assertEquals(3086.63, r.rate, 1e-9);
    }

    @Test
    void unparsableOutputIsAFailure() {
        Wrk.Result r = Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n");
        assertTrue(r.failure.startsWith("could not parse wrk output"));
        assertTrue(Double.isNaN(slice("epoll", 1, 0, r).rps()));
    }

    @Test
    void wrkDurationsAreWholeSeconds() {
        assertEquals("3s", Wrk.formatSeconds(3));
        assertEquals("1s", Wrk.formatSeconds(0.2));
    }

    @Test
    void quantilesInterpolate() {
        assertEquals(2.5, BenchReport.quantile(new double[] {4, 1, 3, 2}, 0.5), 1e-12);
        assertEquals(1, BenchReport.quantile(new double[] {4, 1, 3, 2}, 0), 1e-12);
        assertEquals(4, BenchReport.quantile(new double[] {4, 1, 3, 2}, 1), 1e-12);
        assertTrue(Double.isNaN(BenchReport.quantile(new double[0], 0.5)));
    }

    @Test
    void ratiosArePairedPerRound() {
        // Round 0: epoll 100, ours 150 (1.5); round 1: epoll 200, ours 220 (1.1); round 2: 50 vs 70 (1.4).
        List<HttpBench.Slice> slices = new ArrayList<>();
        double[][] rps = {{100, 150}, {200, 220}, {50, 70}};
        for (int round = 0; round < rps.length; round++) {
            slices.add(slice("epoll", 64, round, result(rps[round][0])));
            slices.add(slice("uepoll-io_uring", 64, round, result(rps[round][1])));
            slices.add(slice("io_uring", 64, round, result(rps[round][0])));
        }
        Map<String, Transport> transports = new LinkedHashMap<>();
        transports.put("epoll", Transport.EPOLL);
        transports.put("uepoll-io_uring", Transport.UEPOLL_IO_URING);
        transports.put("io_uring", Transport.IO_URING);
        BenchReport report = new BenchReport(slices, List.of("epoll", "uepoll-io_uring", "io_uring"), List.of(64), transports,
                new LinkedHashMap<>(), List.of(), List.of());
        BenchReport.Cell ours = report.cell("uepoll-io_uring", 64);
        assertEquals(1.4, ours.rpsRatio, 1e-9);     // median of 1.5, 1.1, 1.4 -- not 150/100 of the medians
        assertEquals(1.1, ours.rpsRatioMin, 1e-9);
        assertEquals(1.5, ours.rpsRatioMax, 1e-9);
        assertEquals(150, ours.rps, 1e-9);
        assertEquals(1.0, report.cell("epoll", 64).rpsRatio, 1e-12);
        String csv = report.summaryCsv();
        assertTrue(csv.contains("64,uepoll-io_uring,uepoll IO_URING,3,150,1.400,1.100,1.500"), csv);
        assertTrue(report.svg().startsWith("<svg"));
        assertTrue(report.text().contains("[MET   ] 64 connections: req/s 1.400 x Netty io_uring (target >= 1.05)"),
                report.text());
    }

    private static Wrk.Result result(double rps) {
        Wrk.Result r = new Wrk.Result();
        r.requests = (long) (rps * 3);
        r.seconds = 3;
        r.p50Micros = 100;
        r.p99Micros = 1000;
        return r;
    }

    private static HttpBench.Slice slice(String label, int conns, int round, Wrk.Result r) {
        HttpBench.Slice s = new HttpBench.Slice();
        s.label = label;
        s.conns = conns;
        s.round = round;
        s.wrk = r;
        s.cpuSeconds = 1;
        return s;
    }
}
