package io.uepoll.microbench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** load-bench's Targets section and targets.csv on made-up slices: verdicts, and none for a run too noisy to judge. */
class LoadTargetsTest {
    private static final List<String> LABELS = List.of("epoll", "epoll#2", "io_uring", "io_uring-bufring",
            "uepoll-io_uring", "uepoll-io_uring-direct");
    private static final List<Integer> CONNS = List.of(1, 16);
    private static final List<Integer> FRACTIONS = List.of(25, 50, 75);

    /**
     * Three rounds alike. Netty epoll (and its twin): 10 us CPU, p99 100 us everywhere. Ours (uepoll
     * IO_URING): 8.5 us at one connection, 9.5 at 16; p99 90 us, but 120 at 16 connections and 75%.
     * Netty io_uring: 9.5 us at one connection, 8 at 16; its buffer ring 12. The direct data path, not
     * the default, would meet everything: 5 us, p99 50.
     */
    private static List<LoadBench.Slice> run(int rounds, double aaCpuAt16x25) {
        List<LoadBench.Slice> slices = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (int c : CONNS) {
                for (int f : FRACTIONS) {
                    slices.add(slice(r, "epoll", c, f, 100, 10));
                    slices.add(slice(r, "epoll#2", c, f, 100, c == 16 && f == 25 ? aaCpuAt16x25 : 10));
                    slices.add(slice(r, "io_uring", c, f, 100, c == 1 ? 9.5 : 8));
                    slices.add(slice(r, "io_uring-bufring", c, f, 100, 12));
                    slices.add(slice(r, "uepoll-io_uring", c, f, c == 16 && f == 75 ? 120 : 90, c == 1 ? 8.5 : 9.5));
                    slices.add(slice(r, "uepoll-io_uring-direct", c, f, 50, 5));
                }
            }
        }
        return slices;
    }

    private static LoadReport report(List<LoadBench.Slice> slices, List<String> labels, String loadAtEnd, boolean quick) {
        Map<String, Transport> t = new LinkedHashMap<>();
        for (String label : labels) {
            t.put(label, Transport.of(label.replace("#2", "")));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("uepoll default ring", "IO_URING");
        meta.put("load average at start", "0.20 0.30 0.40");
        meta.put("load average at end", loadAtEnd);
        return new LoadReport(slices, labels, CONNS, FRACTIONS, Map.of(1, 4000.0, 16, 40000.0), t, meta,
                new ArrayList<>(), new ArrayList<>(), quick);
    }

    @Test
    void judgesTheDefaultRingAgainstEpollAndEachIoUring() {
        LoadReport r = report(run(3, 10), LABELS, "0.50 0.40 0.40", false);
        String text = r.text();
        assertTrue(text.contains("Targets (issue 12), for uepoll on its default ring (uepoll IO_URING)"), text);
        assertFalse(text.contains("not judged"), text);
        for (String line : new String[] {
            "[MET   ] 1 connection, 50%: 8.50 us against Netty epoll's 10.00 us, 0.850 x (target <= 0.90)",
            "[MET   ] 1 connection, 50%: 8.50 us against Netty io_uring's 9.50 us, 0.895 x (target <= 1.00)",
            "[MET   ] 1 connection, 50%: 8.50 us against Netty io_uring+bufring's 12.00 us, 0.708 x (target <= 1.00)",
            "[MISSED] 16 connections, 50%: 9.50 us against Netty epoll's 10.00 us, 0.950 x (target <= 0.90)",
            "[MISSED] 16 connections, 50%: 9.50 us against Netty io_uring's 8.00 us, 1.188 x (target <= 1.00)",
            "[MET   ] 16 connections, 50%: 9.50 us against Netty io_uring+bufring's 12.00 us, 0.792 x (target <= 1.00)",
            "[MET   ] 1 connection, 25%: 90 us against Netty epoll's 100 us, 0.900 x (target <= 1.00)",
            "[MET   ] 16 connections, 50%: 90 us against Netty epoll's 100 us, 0.900 x (target <= 1.00)",
            "[MISSED] 16 connections, 75%: 120 us against Netty epoll's 100 us, 1.200 x (target <= 1.00)"}) {
            assertTrue(text.contains("    " + line + "\n"), line + "\n" + text);
        }
        assertEquals(9, count(text, "[MET   ]"), text);
        assertEquals(3, count(text, "[MISSED]"), text);
        String csv = r.targetsCsv();
        assertTrue(csv.startsWith(LoadTargets.CSV_HEADER), csv);
        assertEquals(1 + 12, csv.split("\n").length, csv);
        assertTrue(csv.contains("\ncpu_us_per_req,16,50,uepoll-io_uring,io_uring,9.500,8.000,1.188,1.00,MISSED\n"), csv);
        assertTrue(csv.contains("\np99_us,1,75,uepoll-io_uring,epoll,90,100,0.900,1.00,MET\n"), csv);
    }

    @Test
    void quickRunIsNotJudged() {
        String text = report(run(2, 10), LABELS, "0.50 0.40 0.40", true).text();
        assertTrue(text.contains("  not judged: --quick run; the figures below are for reference only\n"), text);
        assertNotJudged(text);
        assertTrue(report(run(2, 10), LABELS, "0.50 0.40 0.40", false).text()
                .contains("  not judged: smoke run of 2 rounds; the figures"));
    }

    @Test
    void loadedRunIsNotJudged() {
        LoadReport r = report(run(3, 10), LABELS, "1.19 1.04 0.97", false);
        String text = r.text();
        assertTrue(text.contains("  not judged: measured under load (1-min load average up to 1.2); the figures"), text);
        assertNotJudged(text);
        assertTrue(r.targetsCsv().contains(",1.188,1.00,not judged\n"), r.targetsCsv());
        assertFalse(r.targetsCsv().contains("MET"), r.targetsCsv());
    }

    @Test
    void strayAaControlIsWarnedAndNotJudged() {
        String text = report(run(3, 11.5), LABELS, "0.50 0.40 0.40", false).text();
        assertTrue(text.contains("WARNING: The A/A control strays from Netty epoll by more than 10%: CPU/req 1.15 x at 16"
                + " connections, 25%."), text);
        assertTrue(text.contains("  not judged: A/A control strays (CPU/req 1.15 x at 16 connections, 25%)"), text);
        assertNotJudged(text);
        // Within 10% of 1 the A/A control is quiet enough.
        assertFalse(report(run(3, 10.9), LABELS, "0.50 0.40 0.40", false).text().contains("not judged"));
    }

    @Test
    void missingServersAndRatesAreNa() {
        List<String> labels = List.of("epoll", "uepoll-io_uring");
        String text = report(run(3, 10), labels, "0.50 0.40 0.40", false).text();
        assertTrue(text.contains("    [n/a   ] no Netty io_uring server in this run\n"), text);
        assertTrue(text.contains("[MET   ] 1 connection, 50%: 8.50 us against Netty epoll's"), text);
        String noDefault = report(run(3, 10), List.of("epoll", "uepoll-io_uring-direct"), "0.50 0.40 0.40", false).text();
        assertTrue(noDefault.contains("    [n/a   ] no server on the default ring (IO_URING) in this run"), noDefault);
        assertEquals(0, count(noDefault, "[MET   ]") + count(noDefault, "[MISSED]"), noDefault);
        assertEquals("uepoll", LoadTargets.defaultRingLabel(List.of("epoll", "uepoll-io_uring", "uepoll"),
                Map.of("uepoll default ring", "IO_URING")));
        assertEquals("uepoll-userpoll", LoadTargets.defaultRingLabel(List.of("epoll", "uepoll-io_uring", "uepoll-userpoll"),
                Map.of("uepoll default ring", "USERPOLL")));
    }

    private static void assertNotJudged(String text) {
        assertEquals(0, count(text, "[MET   ]") + count(text, "[MISSED]"), text);
        assertEquals(12, count(text, "[not judged]"), text);
        assertTrue(text.contains("    [not judged] 16 connections, 75%: 120 us against Netty epoll's 100 us, 1.200 x"), text);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** 2 s at the offered rate, every request answered: p99 {@code p99} us, {@code cpuUs} us CPU each. */
    private static LoadBench.Slice slice(int round, String label, int conns, int fraction, double p99, double cpuUs) {
        LoadBench.Slice s = new LoadBench.Slice();
        s.round = round;
        s.label = label;
        s.conns = conns;
        s.fraction = fraction;
        s.load = new H2load.Result();
        s.load.offered = 500;
        s.load.seconds = 2;
        s.load.succeeded = 1000;
        s.load.p50Micros = p99 / 2;
        s.load.p99Micros = p99;
        s.load.p999Micros = p99 * 2;
        s.cpuSeconds = cpuUs * s.load.succeeded / 1e6;
        return s;
    }
}
