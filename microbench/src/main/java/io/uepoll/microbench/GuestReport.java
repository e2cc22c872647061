package io.uepoll.microbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code guest-report --in DIR}: turns the raw.csv and meta.txt of {@link GuestBench} into
 * report.txt, summary.csv and chart.svg: per server the median instructions per request over the
 * measured rounds, their spread, and paired ratios (each round's figure over Netty epoll's, Netty
 * io_uring's, in the same round).
 */
final class GuestReport {
    static final String IDLE = "idle";
    static final String EPOLL = HttpBench.REFERENCE;
    static final String IO_URING = HttpBench.IO_URING;
    static final String IO_URING_BUFRING = "io_uring-bufring";
    /** The issue's target: our best configuration at most this fraction of Netty io_uring's instructions. */
    static final double TARGET = 0.95;
    /** The spread the issue asks for. */
    static final double SPREAD_GOAL = 0.01;

    /** The figures of one server. */
    static final class Row {
        String label;
        String name;
        int rounds;
        double median;
        double min;
        double max;
        double spread;
        double iqrSpread;
        double rate;
        double idleShare;
        double xEpoll;
        double xIoUring;
        double xBufring;
        int warmupWindows;
        String warmup;
        final List<Double> warmupSeries = new ArrayList<>();
    }

    private final Map<String, String> meta = new LinkedHashMap<>();
    private final List<String> labels = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Transport> transports = new LinkedHashMap<>();
    /** label -> round -> insn/request of the measured window. */
    private final Map<String, Map<Integer, Double>> measured = new LinkedHashMap<>();
    /** label -> round -> "ms (compilations)" of the server's JIT for the measured window (raw.csv since start_ns). */
    private final Map<String, Map<Integer, String>> jit = new LinkedHashMap<>();
    private final Map<String, List<Double>> rates = new LinkedHashMap<>();
    private final Map<String, List<Double>> idleShares = new LinkedHashMap<>();
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<Double> background = new ArrayList<>();
    /** Per server, the measured windows rejected for their JIT time (measured again), and their figures. */
    private final Map<String, List<String>> rejected = new LinkedHashMap<>();
    private final Map<String, List<Double>> rejectedInsn = new LinkedHashMap<>();

    GuestReport(Path dir) throws IOException {
        MetaFile file = MetaFile.read(dir.resolve("meta.txt"));
        meta.putAll(file.meta);
        labels.addAll(file.labels);
        skipped.addAll(file.skipped);
        problems.addAll(file.problems);
        for (String label : labels) {
            transports.put(label, Transport.of(label.replaceAll("#.*", "")));
            measured.put(label, new LinkedHashMap<>());
            jit.put(label, new LinkedHashMap<>());
            rates.put(label, new ArrayList<>());
            idleShares.put(label, new ArrayList<>());
            rows.put(label, new Row());
            rejected.put(label, new ArrayList<>());
            rejectedInsn.put(label, new ArrayList<>());
        }
        List<String> lines = Files.readAllLines(dir.resolve("raw.csv"));
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = HttpBench.csvFields(line);
            String phase = f.get(0);
            int round = Integer.parseInt(f.get(1));
            String label = f.get(3);
            double bracket = Double.parseDouble(f.get(7));
            double idle = f.get(8).isEmpty() ? Double.NaN : Double.parseDouble(f.get(8));
            // Not the rounded insn_per_req column: (window_ns - idle_ns) / requests again.
            double insn = f.get(9).isEmpty() ? Double.NaN
                    : (Double.parseDouble(f.get(6)) - idle) / Long.parseLong(f.get(4));
            if (IDLE.equals(label)) {
                background.add((bracket - idle) / bracket);
                continue;
            }
            Row row = rows.get(label);
            if (row == null) {
                continue;
            }
            if (phase.equals("warmup")) {
                row.warmupSeries.add(insn);
            } else if (phase.equals(GuestBench.JIT_REJECTED)) {
                rejected.get(label).add("r" + round + " " + BenchReport.num(insn, 0) + " (JIT "
                        + (f.size() > 16 && !f.get(15).isEmpty() ? BenchReport.num(Double.parseDouble(f.get(15)) / 1e6, 1) : "n/a")
                        + " ms)");
                if (!Double.isNaN(insn)) {
                    rejectedInsn.get(label).add(insn);
                }
            } else if (!Double.isNaN(insn)) {
                measured.get(label).put(round, insn);
                if (f.size() > 16 && !f.get(15).isEmpty()) {
                    jit.get(label).put(round, BenchReport.num(Double.parseDouble(f.get(15)) / 1e6, 1) + " (" + f.get(14) + ")");
                }
                rates.get(label).add(Double.parseDouble(f.get(5)));
                idleShares.get(label).add(idle / bracket);
            }
        }
        for (String label : labels) {
            Row row = rows.get(label);
            row.label = label;
            row.name = BenchReport.displayName(label, transports, meta);
            double[] v = values(measured.get(label).values());
            row.rounds = v.length;
            row.median = BenchReport.quantile(v, 0.5);
            row.min = BenchReport.quantile(v, 0);
            row.max = BenchReport.quantile(v, 1);
            row.spread = (row.max - row.min) / row.median;
            row.iqrSpread = (BenchReport.quantile(v, 0.75) - BenchReport.quantile(v, 0.25)) / row.median;
            row.rate = BenchReport.quantile(values(rates.get(label)), 0.5);
            row.idleShare = BenchReport.quantile(values(idleShares.get(label)), 1);
            row.xEpoll = pairedRatio(label, EPOLL);
            row.xIoUring = pairedRatio(label, IO_URING);
            row.xBufring = pairedRatio(label, IO_URING_BUFRING);
            row.warmupWindows = row.warmupSeries.size();
            row.warmup = meta.getOrDefault("warm-up " + label, "n/a");
        }
    }

    private static double[] values(java.util.Collection<Double> c) {
        return c.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).toArray();
    }

    /** Median over rounds of this server's figure divided by {@code other}'s in the same round. */
    private double pairedRatio(String label, String other) {
        return BenchReport.quantile(pairedRatios(label, other), 0.5);
    }

    /** Per round: this server's figure divided by {@code other}'s in the same round. */
    private double[] pairedRatios(String label, String other) {
        Map<Integer, Double> ref = measured.get(other);
        List<Double> r = new ArrayList<>();
        if (ref != null) {
            measured.get(label).forEach((round, v) -> {
                Double b = ref.get(round);
                if (b != null && b > 0) {
                    r.add(v / b);
                }
            });
        }
        return values(r);
    }

    Row row(String label) {
        return rows.get(label);
    }

    /** The servers whose warm-up did not converge. */
    private List<String> notWarm() {
        List<String> cold = new ArrayList<>();
        for (Row r : rows.values()) {
            if (!r.warmup.startsWith("converged")) {
                cold.add(r.name);
            }
        }
        return cold;
    }

    /** Ours with the fewest instructions per request. */
    private Row best() {
        Row best = null;
        for (Row r : rows.values()) {
            if (transports.get(r.label).isUepoll() && !r.label.contains("#") && !Double.isNaN(r.median)
                    && (best == null || r.median < best.median)) {
                best = r;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------------------------------- text

    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("HTTP/1.1 keep-alive \"Hello, World!\" in the patched guest under QEMU icount: instructions per request\n");
        meta.forEach((k, v) -> {
            if (!k.startsWith("warm-up ")) {
                sb.append("  ").append(k).append(": ").append(v).append('\n');
            }
        });
        skipped.forEach(s -> sb.append("  skipped ").append(s).append('\n'));
        sb.append("\ninsn/req: instructions the one vCPU executed per request, server + wrk + kernel together (1 instruction\n"
                + "= 1 ns of guest time; wrk's run time less the idle time during it, over its requests). Median over\n"
                + "rounds; spread = (max - min) / median, IQR = (3rd quartile - 1st) / median over the rounds;\n"
                + "\"x epoll\", \"x io_uring\", \"x bufring\" are paired medians: each round's figure over that server's\n"
                + "in the same round, median over rounds (bufring: Netty io_uring with its buffer ring).\n\n");
        sb.append(String.format(Locale.ROOT, "%-26s %10s %10s %10s %7s %6s %7s %9s %8s %10s %6s  %s%n", "transport",
                "insn/req", "min", "max", "spread", "IQR", "x epoll", "x io_uring", "x bufring", "req/guest-s", "idle",
                "warm-up"));
        for (String label : labels) {
            Row r = rows.get(label);
            sb.append(String.format(Locale.ROOT, "%-26s %10s %10s %10s %6s%% %5s%% %7s %9s %8s %10s %5s%%  %s%n", r.name,
                    BenchReport.num(r.median, 0), BenchReport.num(r.min, 0), BenchReport.num(r.max, 0),
                    BenchReport.num(r.spread * 100, 2), BenchReport.num(r.iqrSpread * 100, 2), BenchReport.num(r.xEpoll, 3), BenchReport.num(r.xIoUring, 3),
                    BenchReport.num(r.xBufring, 3), BenchReport.num(r.rate, 0), BenchReport.num(r.idleShare * 100, 2),
                    r.warmup));
        }
        sb.append(String.format(Locale.ROOT, "%nBackground (no load, every server JVM idle): busy %s%% of the guest's time"
                        + " (median of %d windows; max %s%%): included in every figure above, the same for all.%n",
                BenchReport.num(BenchReport.quantile(values(background), 0.5) * 100, 3), background.size(),
                BenchReport.num(BenchReport.quantile(values(background), 1) * 100, 3)));
        sb.append("idle: the largest share of a window's time the vCPU was idle during wrk's run (/proc/stat read by wrk's"
                + " script, 10 ms resolution); subtracted.\n");
        sb.append("\nWarm-up (insn/req of each warm-up window, in order):\n");
        for (String label : labels) {
            Row r = rows.get(label);
            StringBuilder s = new StringBuilder();
            r.warmupSeries.forEach(x -> s.append(' ').append(BenchReport.num(x, 0)));
            sb.append(String.format(Locale.ROOT, "  %-26s%s%n", r.name, s));
        }
        if (jit.values().stream().anyMatch(m -> !m.isEmpty())) {
            sb.append("\nJIT in the measured windows: ms the server's JVM spent compiling (elapsed in its compiler threads,"
                    + " guest time)\nfrom the end of its previous window to the end of this one, compilations in parentheses"
                    + " (its hsperfdata):\n");
            for (String label : labels) {
                StringBuilder s = new StringBuilder();
                jit.get(label).forEach((round, v) -> s.append("  r").append(round).append(' ').append(v));
                sb.append(String.format(Locale.ROOT, "  %-26s%s%n", rows.get(label).name, s));
            }
        }
        if (rejected.values().stream().anyMatch(l -> !l.isEmpty())) {
            sb.append("\nMeasured again: windows in which the server's JVM compiled for more than the quiet share (see the\n"
                    + "schedule), insn/req and JIT time; they are not in the figures above:\n");
            for (String label : labels) {
                if (!rejected.get(label).isEmpty()) {
                    sb.append(String.format(Locale.ROOT, "  %-26s %s%n", rows.get(label).name, String.join("  ", rejected.get(label))));
                }
            }
        }
        sb.append('\n').append(noise());
        long again = rejected.values().stream().mapToLong(List::size).sum();
        if (again > 0) {
            sb.append(String.format(Locale.ROOT, "  [info  ] %d window(s) measured again for their JIT time; kept instead,"
                    + " the largest spread would be %s%%%n", again, BenchReport.num(spreadWithRejected() * 100, 2)));
        }
        sb.append('\n').append(targets());
        if (!problems.isEmpty()) {
            sb.append("\nPROBLEMS seen during the run:\n");
            problems.forEach(p -> sb.append("  ").append(p).append('\n'));
        }
        return sb.toString();
    }

    private String noise() {
        StringBuilder sb = new StringBuilder();
        Row aa = rows.get(EPOLL + "#2");
        if (aa == null) {
            return "Noise: no A/A control (give epoll twice in --transports)\n";
        }
        double worst = 0;
        double worstIqr = 0;
        for (Row r : rows.values()) {
            worst = Math.max(worst, r.spread);
            worstIqr = Math.max(worstIqr, r.iqrSpread);
        }
        double[] aaRounds = pairedRatios(aa.label, EPOLL);
        sb.append(String.format(Locale.ROOT, "Noise: A/A control (a second Netty epoll JVM over the first, paired per round)"
                        + " %s, single rounds %s-%s.%n", BenchReport.num(aa.xEpoll, 4),
                BenchReport.num(BenchReport.quantile(aaRounds, 0), 3), BenchReport.num(BenchReport.quantile(aaRounds, 1), 3)));
        sb.append(String.format(Locale.ROOT, "  [%s] largest spread (max - min) / median over rounds: %s%% (goal < %s%%);"
                        + " largest IQR: %s%%%n", !notWarm().isEmpty() ? "n/a   " : worst < SPREAD_GOAL ? "MET   " : "MISSED",
                BenchReport.num(worst * 100, 2),
                BenchReport.num(SPREAD_GOAL * 100, 0), BenchReport.num(worstIqr * 100, 2)));
        return sb.toString();
    }

    /** The largest (max - min) / median had the rejected windows been counted too. */
    private double spreadWithRejected() {
        double worst = 0;
        for (String label : labels) {
            List<Double> all = new ArrayList<>(measured.get(label).values());
            all.addAll(rejectedInsn.get(label));
            double[] v = values(all);
            if (v.length > 0) {
                double median = BenchReport.quantile(v, 0.5);
                worst = Math.max(worst, (BenchReport.quantile(v, 1) - BenchReport.quantile(v, 0)) / median);
            }
        }
        return worst;
    }

    String targets() {
        StringBuilder sb = new StringBuilder("Targets (issue 12):\n");
        Row best = best();
        Row uring = rows.get(IO_URING);
        if (best == null || uring == null) {
            return sb.append("  n/a: needs one of ours and Netty io_uring in the run\n").toString();
        }
        List<String> cold = notWarm();
        if (!cold.isEmpty()) {
            sb.append("  WARNING: no verdict: not warmed up (the warm-up did not converge) for ").append(String.join(", ", cold))
              .append(";\n  their figures still include JIT compilation (a --quick run is a smoke test, not a measurement)\n");
        }
        String verdict = !cold.isEmpty() ? "n/a   " : best.xIoUring <= TARGET ? "MET   " : "MISSED";
        sb.append(String.format(Locale.ROOT, "  [%s] our best configuration, %s: %s insn/req = %s x Netty io_uring's %s"
                        + " (target <= %s)%n", verdict, best.name, BenchReport.num(best.median, 0),
                BenchReport.num(best.xIoUring, 3), BenchReport.num(uring.median, 0), BenchReport.num(TARGET, 2)));
        Row bufring = rows.get(IO_URING_BUFRING);
        if (bufring != null) {
            sb.append(String.format(Locale.ROOT, "  [info  ] against Netty io_uring with its buffer ring (%s insn/req): %s x%n",
                    BenchReport.num(bufring.median, 0), BenchReport.num(best.xBufring, 3)));
        }
        // The seed's ABI against epoll_wait with everything else equal (direct syscalls), then what its
        // paired io_uring for sends buys against our IO_URING ring.
        stated(sb, "USERPOLL direct", "uepoll-userpoll-direct", "EPOLL_WAIT", "uepoll-epoll_wait");
        stated(sb, "USERPOLL (sends via io_uring)", "uepoll-userpoll", "IO_URING", "uepoll-io_uring");
        return sb.toString();
    }

    private void stated(StringBuilder sb, String name, String label, String otherName, String otherLabel) {
        Row row = rows.get(label);
        Row other = rows.get(otherLabel);
        if (row != null && other != null) {
            sb.append(String.format(Locale.ROOT, "  [stated] %s %s insn/req vs %s %s: %s x (paired median)%n", name,
                    BenchReport.num(row.median, 0), otherName, BenchReport.num(other.median, 0),
                    BenchReport.num(pairedRatio(row.label, other.label), 4)));
        } else {
            sb.append(String.format(Locale.ROOT, "  [n/a   ] %s vs %s: both must be in the run (%s, %s)%n", name,
                    otherName, label, otherLabel));
        }
    }

    // ----------------------------------------------------------------------------------------- csv

    String summaryCsv() {
        StringBuilder sb = new StringBuilder("transport,name,rounds,insn_per_req,insn_per_req_min,insn_per_req_max,"
                + "spread,iqr_spread,x_epoll,x_io_uring,x_io_uring_bufring,req_per_guest_s,idle_share_max,warmup_windows,warmup\n");
        for (String label : labels) {
            Row r = rows.get(label);
            sb.append(label).append(',').append('"').append(r.name).append('"').append(',').append(r.rounds)
              .append(',').append(BenchReport.num(r.median, 1)).append(',').append(BenchReport.num(r.min, 1))
              .append(',').append(BenchReport.num(r.max, 1)).append(',').append(BenchReport.num(r.spread, 5))
              .append(',').append(BenchReport.num(r.iqrSpread, 5))
              .append(',').append(BenchReport.num(r.xEpoll, 4)).append(',').append(BenchReport.num(r.xIoUring, 4))
              .append(',').append(BenchReport.num(r.xBufring, 4)).append(',').append(BenchReport.num(r.rate, 1))
              .append(',').append(BenchReport.num(r.idleShare, 5)).append(',').append(r.warmupWindows)
              .append(',').append('"').append(r.warmup).append('"').append('\n');
        }
        return sb.toString();
    }

    // ----------------------------------------------------------------------------------------- svg

    String svg() {
        int left = 78;
        int barW = 56;
        int gap = 30;
        int plotW = labels.size() * (barW + gap);
        int width = Math.max(left + plotW + 30, 900);
        int legendTop = 74;
        int top = legendTop + ((labels.size() + 2) / 3) * 18 + 40;
        int panelH = 300;
        int height = top + panelH + 70;
        StringBuilder sb = new StringBuilder();
        BenchReport.svgOpen(sb, width, height);
        sb.append(BenchReport.text(left, 22, 16, "bold", "start",
                "Instructions per request in the patched guest (QEMU icount, 1 vCPU): lower is better"));
        sb.append(BenchReport.text(left, 40, 11, "normal", "start", meta.getOrDefault("build", "") + " | "
                + meta.getOrDefault("kernel", "") + " | " + meta.getOrDefault("load", "")));
        sb.append(BenchReport.text(left, 54, 11, "normal", "start", meta.getOrDefault("schedule", "")));
        BenchReport.legend(sb, labels, l -> rows.get(l).name, left, legendTop);
        double max = 0;
        for (Row r : rows.values()) {
            if (!Double.isNaN(r.max)) {
                max = Math.max(max, r.max);
            }
        }
        int base = top + panelH;
        sb.append(BenchReport.text(left, top - 12, 13, "bold", "start",
                "server + wrk + kernel instructions per request (median of rounds; whiskers: min-max)"));
        if (max <= 0) {
            sb.append("</svg>\n");
            return sb.toString();
        }
        double scaleTop = BenchReport.yAxis(sb, left, plotW, base, panelH, max);
        for (int i = 0; i < labels.size(); i++) {
            Row r = rows.get(labels.get(i));
            int bx = left + gap / 2 + i * (barW + gap);
            if (Double.isNaN(r.median)) {
                sb.append(BenchReport.text(bx + barW / 2, base - 4, 10, "normal", "middle", "n/a"));
                continue;
            }
            int h = (int) Math.round(panelH * r.median / scaleTop);
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                            + "<title>%s: %s insn/req</title></rect>%n", bx, base - h, barW, h,
                    BenchReport.color(r.label, i), BenchReport.esc(r.name), BenchReport.num(r.median, 0)));
            int y1 = (int) Math.round(base - panelH * r.min / scaleTop);
            int y3 = (int) Math.round(base - panelH * r.max / scaleTop);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                    bx + barW / 2, y1, bx + barW / 2, y3));
            int ty = Math.min(base - h, y3) - 30;
            sb.append(BenchReport.text(bx + barW / 2, ty, 11, "bold", "middle", BenchReport.num(r.median, 0)));
            sb.append(BenchReport.text(bx + barW / 2, ty + 12, 9, "normal", "middle",
                    BenchReport.num(r.xEpoll, 3) + " x epoll"));
            sb.append(BenchReport.text(bx + barW / 2, ty + 23, 9, "normal", "middle",
                    BenchReport.num(r.xIoUring, 3) + " x io_uring"));
            sb.append(BenchReport.text(bx + barW / 2, base + 14, 9, "normal", "middle",
                    r.label.length() > 14 ? r.label.substring(0, 14) : r.label));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                left, base, left + plotW, base));
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** Writes report.txt, summary.csv and chart.svg to {@code dir}; returns the report's text. */
    static String render(Path dir) throws IOException {
        GuestReport report = new GuestReport(dir);
        String text = report.text();
        Files.write(dir.resolve("report.txt"), text.getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("summary.csv"), report.summaryCsv().getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("chart.svg"), report.svg().getBytes(StandardCharsets.UTF_8));
        return text;
    }
}
