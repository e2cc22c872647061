package io.uepoll.microbench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** guest-report's arithmetic on a hand-written guest-bench output; nothing is run. */
class GuestReportTest {
    @TempDir
    Path dir;

    private static String row(String phase, int round, String label, long requests, double windowNs, double idleNs) {
        GuestBench.Window w = new GuestBench.Window();
        w.phase = phase;
        w.round = round;
        w.label = label;
        w.requests = requests;
        w.rate = requests / (windowNs / 1e9);
        w.windowNs = windowNs;
        w.bracketNs = windowNs + 1e6;
        w.idleNs = idleNs;
        return w.csv() + "\n";
    }

    @Test
    void instructionsPerRequestArePairedMediansLessIdleTime() throws Exception {
        MetaFile.write(dir.resolve("meta.txt"), Map.of("build", "commit abc", "warm-up epoll", "converged after 5 windows"),
                Map.of(), List.of("epoll", "io_uring", "uepoll-epoll_wait", "uepoll-userpoll-direct"), List.of(), List.of());
        StringBuilder raw = new StringBuilder(GuestBench.RAW_HEADER).append('\n');
        raw.append(row("warmup", 0, "epoll", 1000, 2e9, 0));
        // epoll 40000, 41000, 40500 insn/req; io_uring 30000 flat; EPOLL_WAIT 36000; USERPOLL 36000 with
        // 10 ms idle: (2e9 - 1e7) / 55000 = 36182.
        double[] epoll = {40000, 41000, 40500};
        for (int r = 1; r <= 3; r++) {
            raw.append(row("measure", r, "epoll", 50000, 50000 * epoll[r - 1], 0));
            if (r == 2) {
                // A window with 120 ms of JIT, measured again: listed, not counted.
                raw.append(row(GuestBench.JIT_REJECTED, r, "io_uring", 50000, 50000 * 45000.0, 0)
                        .replace(",-1,,-1\n", ",7,120000000,0\n"));
            }
            raw.append(row("measure", r, "io_uring", 50000, 50000 * 30000.0, 0));
            raw.append(row("measure", r, "uepoll-epoll_wait", 50000, 50000 * 36000.0, 0));
            raw.append(row("measure", r, "uepoll-userpoll-direct", 55000, 2e9, 1e7));
            GuestBench.Window idle = new GuestBench.Window();
            idle.phase = "measure";
            idle.round = r;
            idle.label = GuestReport.IDLE;
            idle.bracketNs = 2e9;
            idle.idleNs = 2e9 - 2e6;
            raw.append(idle.csv()).append('\n');
        }
        Files.write(dir.resolve("raw.csv"), raw.toString().getBytes(StandardCharsets.UTF_8));

        GuestReport report = new GuestReport(dir);
        GuestReport.Row e = report.row("epoll");
        assertEquals(40500, e.median, 1e-6);
        assertEquals(1000.0 / 40500, e.spread, 1e-9);
        assertEquals(1, e.warmupWindows);
        GuestReport.Row u = report.row("uepoll-userpoll-direct");
        assertEquals((2e9 - 1e7) / 55000, u.median, 1e-6);
        assertEquals(0, u.spread, 1e-12);
        assertEquals((2e9 - 1e7) / 55000 / 30000, u.xIoUring, 1e-9);
        // Paired per round: the median of 36182/40000, 36182/41000, 36182/40500.
        assertEquals((2e9 - 1e7) / 55000 / 40500, u.xEpoll, 1e-9);

        String text = GuestReport.render(dir);
        assertTrue(text.contains("[n/a   ] our best configuration, uepoll EPOLL_WAIT: 36000 insn/req = 1.200 x Netty io_uring's 30000"), text);
        assertTrue(text.contains("[stated] USERPOLL direct 36182 insn/req vs EPOLL_WAIT 36000: 1.0051 x"), text);
        assertTrue(text.contains("busy 0.100% of the guest's time"), text);
        assertEquals(30000, report.row("io_uring").median, 1e-6);
        assertEquals(0, report.row("io_uring").spread, 1e-12);
        assertTrue(text.contains("Netty io_uring             r2 45000 (JIT 120.0 ms)"), text);
        assertTrue(text.contains("1 window(s) measured again for their JIT time; kept instead, the largest spread would be 50.00%"), text);
        assertTrue(text.contains("no A/A control"), text);
        assertTrue(text.contains("WARNING: no verdict: not warmed up (the warm-up did not converge) for Netty io_uring,"
                + " uepoll EPOLL_WAIT, uepoll USERPOLL direct"), text);
        assertTrue(Files.readString(dir.resolve("summary.csv")).startsWith("transport,name,rounds,insn_per_req,"));
        assertTrue(Files.readString(dir.resolve("chart.svg")).endsWith("</svg>\n"));
    }
}
