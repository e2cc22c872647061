package io.uepoll.microbench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** load-bench's parsing, percentiles and paired ratios; no load is generated and nothing is timed. */
class LoadBenchTest {
    @Test
    void nearestRankPercentiles() {
        long[] v = new long[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        assertEquals(500, H2load.percentile(v, 50));
        assertEquals(990, H2load.percentile(v, 99));
        assertEquals(999, H2load.percentile(v, 99.9));
        assertEquals(1000, H2load.percentile(v, 100));
        assertEquals(7, H2load.percentile(new long[] {7}, 99.9));
        assertEquals(2, H2load.percentile(new long[] {1, 2}, 99));
        assertTrue(Double.isNaN(H2load.percentile(new long[0], 50)));
        assertThrows(IllegalArgumentException.class, () -> H2load.percentile(v, 0));
        assertThrows(IllegalArgumentException.class, () -> H2load.percentile(v, 100.5));
    }

    @Test
    void parsesTheRequestLog() {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            rows.add((1_700_000_000_000_000L + i * 100) + "\t200\t" + (i * 10));
        }
        rows.add("1700000000099999\t-1\t5");
        rows.add("1700000000099999\t503\t5");
        rows.add("");
        H2load.Result r = new H2load.Result();
        r.offered = 100;
        r.seconds = 2;
        H2load.parseLog(rows, r);
        assertEquals(200, r.succeeded);
        assertEquals(2, r.errors());
        assertEquals(1000, r.p50Micros);
        assertEquals(1980, r.p99Micros);
        assertEquals(2000, r.p999Micros);
        assertEquals(100, r.achieved(), 1e-9);
        assertTrue(r.sustained(0.95));
        r.offered = 120;
        assertFalse(r.sustained(0.95));
    }

    @Test
    void badLogRowIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> H2load.parseLog(List.of("123 200"), new H2load.Result()));
        assertTrue(e.getMessage().contains("'123 200'"), e.getMessage());
    }

    @Test
    void quickDefaultsAndExplicitValues() {
        LoadBenchOptions q = LoadBenchOptions.parse(new String[] {"--quick", "--out", "x"}).orElseThrow();
        assertEquals(2, q.rounds);
        assertEquals(2, q.sliceSeconds);
        assertEquals(List.of(25, 50, 75), q.fractions);
        assertEquals(List.of(1, 16), q.conns);
        assertEquals("x", q.out.toString());
        LoadBenchOptions o = LoadBenchOptions.parse(new String[] {"--fractions", "10,90", "--conns", "4",
            "--transports", "epoll,uepoll-epoll_wait", "--rounds", "7"}).orElseThrow();
        assertEquals(List.of(10, 90), o.fractions);
        assertEquals(List.of(4), o.conns);
        assertEquals(7, o.rounds);
        assertEquals(5, o.sliceSeconds);
        assertTrue(LoadBenchOptions.parse(new String[] {"--help"}).isEmpty());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertUsage("expected an integer from 1 to 100", "--fractions", "0,50");
        assertUsage("must include epoll", "--transports", "io_uring");
        assertUsage("unknown transport 'kqueue'", "--transports", "epoll,kqueue");
        assertUsage("each value once", "--conns", "16,16");
        assertUsage("thread", "--thread", "2");
    }

    private static void assertUsage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> LoadBenchOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void pairedRatiosFlagsAndWarnings() {
        List<LoadBench.Slice> slices = new ArrayList<>();
        // Round 1: epoll p99 100 us, CPU 10 us/req; ours 50 us, 8 us/req. Round 2: epoll 200 us; ours 300 us.
        slices.add(slice(0, "epoll", 100, 1000, 10));
        slices.add(slice(0, "uepoll-io_uring", 50, 1000, 8));
        slices.add(slice(1, "epoll", 200, 1000, 10));
        slices.add(slice(1, "uepoll-io_uring", 300, 800, 8)); // 400 of the 500 req/s offered: not sustained
        Map<String, Transport> t = new LinkedHashMap<>();
        t.put("epoll", Transport.EPOLL);
        t.put("uepoll-io_uring", Transport.UEPOLL_IO_URING);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("load average at start", "0.10 0.20 0.30");
        LoadReport r = new LoadReport(slices, List.of("epoll", "uepoll-io_uring"), List.of(16), List.of(50),
                Map.of(16, 1000.0), t, meta, new ArrayList<>(), new ArrayList<>(), true);
        LoadReport.Cell ours = r.cell("uepoll-io_uring", 16, 50);
        assertEquals((0.5 + 1.5) / 2, ours.p99Ratio, 1e-9);
        assertEquals(175, ours.p99, 1e-9);
        assertEquals(1, ours.unsustained);
        assertEquals(0.8, ours.cpuRatio, 1e-9);
        assertEquals(8, ours.cpu, 1e-9);
        String text = r.text();
        assertTrue(text.contains("SMOKE RUN"), text);
        assertTrue(text.contains("1 cell(s) marked '*'"), text);
        assertTrue(text.contains("no A/A control"), text);
        assertTrue(r.summaryCsv().startsWith("conns,percent,transport"));
        String svg = r.svg();
        assertTrue(svg.startsWith("<svg") && svg.trim().endsWith("</svg>"));
        assertTrue(svg.contains("p99 latency, us, 16 connections"));
    }

    /** 2 s at an offered 500 req/s: {@code answered} requests, p99 {@code p99} us, {@code cpuUs} us CPU each. */
    private static LoadBench.Slice slice(int round, String label, double p99, long answered, double cpuUs) {
        LoadBench.Slice s = new LoadBench.Slice();
        s.round = round;
        s.label = label;
        s.conns = 16;
        s.fraction = 50;
        s.load = new H2load.Result();
        s.load.offered = 500;
        s.load.seconds = 2;
        s.load.succeeded = answered;
        s.load.p50Micros = p99 / 2;
        s.load.p99Micros = p99;
        s.load.p999Micros = p99 * 2;
        s.cpuSeconds = cpuUs * answered / 1e6;
        return s;
    }
}
