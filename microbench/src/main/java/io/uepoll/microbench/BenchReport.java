package io.uepoll.microbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns the slices of an {@link HttpBench} run into paired medians: per round, each server's figure
 * divided by Netty epoll's at the same connection count in the same round; the median over rounds.
 * Renders the terminal table (with the targets of the issue), the summary CSV and the SVG chart.
 */
final class BenchReport {
    private static final String[] EXTRA_COLORS = {"#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf"};
    private static volatile long clockTicks;

    /** The paired medians of one server at one connection count. */
    static final class Cell {
        String label;
        int conns;
        int rounds;
        double rps;
        double rpsQ1;
        double rpsQ3;
        double rpsRatio;
        double rpsRatioMin;
        double rpsRatioMax;
        double rpsVsIoUring;
        double p50;
        double p99;
        double p99Ratio;
        double sys;
        double sysRatio;
        double loopSys;
        double cpu;
        double cpuRatio;
        double cs;
        long errors;
    }

    private final List<HttpBench.Slice> slices;
    private final List<String> labels;
    private final List<Integer> conns;
    private final Map<String, Transport> transports;
    private final Map<String, String> meta;
    private final List<String> problems;
    private final List<String> skipped;
    private final Map<String, Cell> cells = new LinkedHashMap<>();

    BenchReport(List<HttpBench.Slice> slices, List<String> labels, List<Integer> conns, Map<String, Transport> transports,
                Map<String, String> meta, List<String> problems, List<String> skipped) {
        this.slices = slices;
        this.labels = labels;
        this.conns = conns;
        this.transports = transports;
        this.meta = meta;
        this.problems = problems;
        this.skipped = skipped;
        for (int c : conns) {
            for (String label : labels) {
                cells.put(key(label, c), compute(label, c));
            }
        }
    }

    private static String key(String label, int conns) {
        return label + "@" + conns;
    }

    Cell cell(String label, int conns) {
        return cells.get(key(label, conns));
    }

    private String reference() {
        return labels.contains(HttpBench.REFERENCE) ? HttpBench.REFERENCE : labels.get(0);
    }

    private HttpBench.Slice find(String label, int conns, int round) {
        for (HttpBench.Slice s : slices) {
            if (s.round == round && s.conns == conns && s.label.equals(label)) {
                return s;
            }
        }
        return null;
    }

    private Cell compute(String label, int c) {
        Cell cell = new Cell();
        cell.label = label;
        cell.conns = c;
        List<HttpBench.Slice> mine = slicesOf(label, c);
        for (HttpBench.Slice s : mine) {
            cell.errors += s.wrk.errors() + (s.wrk.failure != null ? 1 : 0);
        }
        cell.rounds = (int) mine.stream().filter(s -> !Double.isNaN(s.rps())).count();
        cell.rps = median(mine, HttpBench.Slice::rps);
        cell.rpsQ1 = quantile(values(mine, HttpBench.Slice::rps), 0.25);
        cell.rpsQ3 = quantile(values(mine, HttpBench.Slice::rps), 0.75);
        cell.p50 = median(mine, s -> s.wrk.p50Micros);
        cell.p99 = median(mine, s -> s.wrk.p99Micros);
        cell.sys = median(mine, HttpBench.Slice::syscallsPerRequest);
        cell.loopSys = median(mine, HttpBench.Slice::loopSyscallsPerRequest);
        cell.cpu = median(mine, HttpBench.Slice::cpuMicrosPerRequest);
        cell.cs = median(mine, HttpBench.Slice::contextSwitchesPerRequest);
        double[] rpsRatios = ratios(mine, reference(), HttpBench.Slice::rps);
        cell.rpsRatio = quantile(rpsRatios, 0.5);
        cell.rpsRatioMin = quantile(rpsRatios, 0);
        cell.rpsRatioMax = quantile(rpsRatios, 1);
        cell.rpsVsIoUring = labels.contains(HttpBench.IO_URING)
                ? quantile(ratios(mine, HttpBench.IO_URING, HttpBench.Slice::rps), 0.5) : Double.NaN;
        cell.p99Ratio = quantile(ratios(mine, reference(), s -> s.wrk.p99Micros), 0.5);
        cell.sysRatio = quantile(ratios(mine, reference(), HttpBench.Slice::syscallsPerRequest), 0.5);
        cell.cpuRatio = quantile(ratios(mine, reference(), HttpBench.Slice::cpuMicrosPerRequest), 0.5);
        return cell;
    }

    /** Per round: this slice's figure over the other server's figure in the same round. */
    private double[] ratios(List<HttpBench.Slice> mine, String other, ToDoubleFunction<HttpBench.Slice> f) {
        List<Double> out = new ArrayList<>();
        for (HttpBench.Slice s : mine) {
            HttpBench.Slice ref = find(other, s.conns, s.round);
            if (ref == null) {
                continue;
            }
            double a = f.applyAsDouble(s);
            double b = f.applyAsDouble(ref);
            if (!Double.isNaN(a) && !Double.isNaN(b) && b > 0) {
                out.add(a / b);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] values(List<HttpBench.Slice> list, ToDoubleFunction<HttpBench.Slice> f) {
        return list.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray();
    }

    private static double median(List<HttpBench.Slice> list, ToDoubleFunction<HttpBench.Slice> f) {
        return quantile(values(list, f), 0.5);
    }

    /** Linear-interpolated quantile; NaN when empty. */
    static double quantile(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    String displayName(String label) {
        return displayName(label, transports, meta);
    }

    /** "Netty epoll", "Netty epoll again (A/A)" for "epoll#2", "uepoll (IO_URING)" for the default ring, ... */
    static String displayName(String label, Map<String, Transport> transports, Map<String, String> meta) {
        Transport t = transports.get(label);
        String name = t == null ? label : t.displayName();
        int hash = label.indexOf('#');
        if (hash > 0) {
            name += label.startsWith(HttpBench.REFERENCE + "#") ? " again (A/A)" : " #" + label.substring(hash + 1);
        }
        if (t == Transport.UEPOLL) {
            name = "uepoll (" + meta.getOrDefault("uepoll default ring", "default") + ")";
        }
        return name;
    }

    // ---------------------------------------------------------------------------------------- text

    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("\"Hello, World!\" over ").append(meta.getOrDefault("workload", "HTTP/1.1 keep-alive"))
          .append(" (TCP_NODELAY, flush on read complete)\n");
        meta.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        for (String s : skipped) {
            sb.append("  skipped ").append(s).append('\n');
        }
        double load = Math.max(firstLoad(meta.get("load average at start")), firstLoad(meta.get("load average at end")));
        if (load > 1.0) {
            sb.append(String.format(Locale.ROOT, "%nWARNING: measured under load (1-min load average up to %.1f on %d cores):"
                    + " other work competed for the cores, so req/s, latency and CPU figures are noisy; judge them"
                    + " against the A/A control below. Syscalls per request hardly depend on load.%n", load,
                    Runtime.getRuntime().availableProcessors()));
        }
        String ref = displayName(reference());
        sb.append("\nMedians over rounds; \"x ").append(ref).append("\" and \"x io_uring\" are paired medians: each round's"
                + " figure divided by that server's in the same round.\nsys/req and cs/req (context switches) come from"
                + " perf stat on the server pid: sys/req counts all its threads (JIT and GC included) and the setup of\nwrk's connections; \"loop s/r\" counts the event-loop thread alone without per-connection syscalls (accept,\nsetsockopt, close, ...): the request path. CPU us/req = (utime+stime from /proc/PID/stat) / requests.\n");
        for (int c : conns) {
            sb.append(String.format(Locale.ROOT, "%n%d connection%s%n", c, c == 1 ? "" : "s"));
            sb.append(String.format(Locale.ROOT, "%-26s %9s %7s %-11s %9s %8s %8s %7s %7s %7s %8s %7s %7s %6s %s%n",
                    "transport", "req/s", "x epoll", "(min-max)", "x io_uring", "p50 us", "p99 us", "x epoll",
                    "sys/req", "x epoll", "loop s/r", "CPU us", "x epoll", "cs/req", "errors"));
            for (String label : labels) {
                Cell x = cell(label, c);
                sb.append(String.format(Locale.ROOT, "%-26s %9s %7s %-11s %9s %8s %8s %7s %7s %7s %8s %7s %7s %6s %s%n",
                        displayName(label), num(x.rps, 0), num(x.rpsRatio, 2),
                        Double.isNaN(x.rpsRatioMin) ? "" : "(" + num(x.rpsRatioMin, 2) + "-" + num(x.rpsRatioMax, 2) + ")",
                        num(x.rpsVsIoUring, 2), num(x.p50, 0), num(x.p99, 0), num(x.p99Ratio, 2), orNa(x.sys, 2),
                        num(x.sysRatio, 2), orNa(x.loopSys, 2), num(x.cpu, 2), num(x.cpuRatio, 2), orNa(x.cs, 3),
                        x.errors == 0 ? "0" : Long.toString(x.errors)));
            }
        }
        sb.append('\n').append(noise());
        sb.append('\n').append(targets());
        if (!problems.isEmpty()) {
            sb.append("\nPROBLEMS seen during the run:\n");
            for (String p : problems) {
                sb.append("  ").append(p).append('\n');
            }
        }
        return sb.toString();
    }

    private String noise() {
        StringBuilder sb = new StringBuilder();
        String aa = HttpBench.REFERENCE + "#2";
        if (!labels.contains(aa)) {
            return "Noise: no A/A control (run " + HttpBench.REFERENCE + " twice in --transports to get one)\n";
        }
        sb.append("Noise (A/A control: a second Netty epoll server over the first, paired per round):\n");
        for (int c : conns) {
            Cell x = cell(aa, c);
            sb.append(String.format(Locale.ROOT, "  %4d connections: req/s ratio median %s, rounds %s-%s;"
                            + " CPU/req ratio %s; p99 ratio %s%n", c, num(x.rpsRatio, 3), num(x.rpsRatioMin, 2),
                    num(x.rpsRatioMax, 2), num(x.cpuRatio, 3), num(x.p99Ratio, 2)));
        }
        return sb.toString();
    }

    /**
     * Issue 11's targets, judged on this run's paired medians: at 16 connections and more, against
     * each Netty io_uring configuration in the run, syscalls/request no more, CPU/request at most
     * 0.95x, req/s at least 1.05x, p99 no worse; at one connection no worse than Netty epoll.
     */
    String targets() {
        StringBuilder sb = new StringBuilder("Targets (issue 11), per uepoll server, against every Netty io_uring"
                + " configuration in the run:\n");
        List<String> ours = new ArrayList<>();
        for (String label : labels) {
            if (label.startsWith("uepoll") && !label.contains("#")) {
                ours.add(label);
            }
        }
        List<String> rivals = new ArrayList<>();
        for (String label : Verdict.NETTY_IO_URING) {
            if (labels.contains(label)) {
                rivals.add(label);
            }
        }
        if (ours.isEmpty()) {
            return sb.append("  no uepoll server in this run\n").toString();
        }
        for (String label : ours) {
            sb.append("  ").append(displayName(label)).append(":\n");
            for (int c : conns) {
                if (c == 1) {
                    Cell y = cell(label, c);
                    sb.append(verdict(y.rpsRatio >= 1.0, String.format(Locale.ROOT,
                            "1 connection: req/s %s x Netty epoll (target >= 1.0)", num(y.rpsRatio, 3)), Double.isNaN(y.rpsRatio)));
                    sb.append(verdict(y.cpuRatio <= 1.0, String.format(Locale.ROOT,
                            "1 connection: CPU/request %s x Netty epoll (target <= 1.0)", num(y.cpuRatio, 3)),
                            Double.isNaN(y.cpuRatio)));
                } else if (c >= 16) {
                    for (String rival : rivals) {
                        rivalTargets(sb, label, rival, c);
                    }
                }
            }
            if (rivals.isEmpty()) {
                sb.append(Verdict.NA.line("no Netty io_uring server in this run"));
            }
        }
        return sb.toString();
    }

    private void rivalTargets(StringBuilder sb, String label, String rival, int c) {
        Cell y = cell(label, c);
        Cell r = cell(rival, c);
        String vs = displayName(rival);
        sb.append(verdict(y.sys <= r.sys, String.format(Locale.ROOT, "%d connections: syscalls/request %s, %s %s"
                + " (target: no more)", c, orNa(y.sys, 3), vs, orNa(r.sys, 3)), Double.isNaN(y.sys) || Double.isNaN(r.sys)));
        double cpu = pairedMedian(label, rival, c, HttpBench.Slice::cpuMicrosPerRequest);
        sb.append(verdict(cpu <= 0.95, String.format(Locale.ROOT, "%d connections: CPU/request %s x %s (target <= 0.95)",
                c, num(cpu, 3), vs), Double.isNaN(cpu)));
        double rps = pairedMedian(label, rival, c, HttpBench.Slice::rps);
        sb.append(verdict(rps >= 1.05, String.format(Locale.ROOT, "%d connections: req/s %s x %s (target >= 1.05)",
                c, num(rps, 3), vs), Double.isNaN(rps)));
        double p99 = pairedMedian(label, rival, c, s -> s.wrk.p99Micros);
        sb.append(verdict(p99 <= 1.0, String.format(Locale.ROOT, "%d connections: p99 %s x %s (target <= 1.0)",
                c, num(p99, 3), vs), Double.isNaN(p99)));
    }

    /** The median over rounds of {@code label}'s figure over {@code other}'s in the same round. */
    private double pairedMedian(String label, String other, int c, ToDoubleFunction<HttpBench.Slice> f) {
        return quantile(ratios(slicesOf(label, c), other, f), 0.5);
    }

    /** Every round's slice of one server at one connection count. */
    private List<HttpBench.Slice> slicesOf(String label, int c) {
        List<HttpBench.Slice> mine = new ArrayList<>();
        for (HttpBench.Slice s : slices) {
            if (s.label.equals(label) && s.conns == c) {
                mine.add(s);
            }
        }
        return mine;
    }

    private static String verdict(boolean met, String text, boolean unknown) {
        return Verdict.of(met, unknown).line(text);
    }

    // ----------------------------------------------------------------------------------------- csv

    String summaryCsv() {
        StringBuilder sb = new StringBuilder("conns,transport,name,rounds,req_per_s,req_per_s_x_epoll,"
                + "req_per_s_x_epoll_min,req_per_s_x_epoll_max,req_per_s_x_io_uring,p50_us,p99_us,p99_x_epoll,"
                + "syscalls_per_req,syscalls_x_epoll,loop_syscalls_per_req,cpu_us_per_req,cpu_x_epoll,"
                + "ctx_switches_per_req,errors\n");
        for (int c : conns) {
            for (String label : labels) {
                Cell x = cell(label, c);
                sb.append(c).append(',').append(label).append(',').append(displayName(label)).append(',')
                  .append(x.rounds).append(',').append(num(x.rps, 0)).append(',').append(num(x.rpsRatio, 3))
                  .append(',').append(num(x.rpsRatioMin, 3)).append(',').append(num(x.rpsRatioMax, 3))
                  .append(',').append(num(x.rpsVsIoUring, 3)).append(',').append(num(x.p50, 1))
                  .append(',').append(num(x.p99, 1)).append(',').append(num(x.p99Ratio, 3))
                  .append(',').append(num(x.sys, 3)).append(',').append(num(x.sysRatio, 3))
                  .append(',').append(num(x.loopSys, 3)).append(',').append(num(x.cpu, 3)).append(',').append(num(x.cpuRatio, 3))
                  .append(',').append(num(x.cs, 4)).append(',').append(x.errors).append('\n');
            }
        }
        return sb.toString();
    }

    // ----------------------------------------------------------------------------------------- svg

    String svg() {
        int barW = 15;
        int groupGap = 34;
        int groupW = labels.size() * barW + groupGap;
        int left = 78;
        int plotW = conns.size() * groupW;
        int width = Math.max(left + plotW + 30, 760);
        int legendRows = (labels.size() + 2) / 3;
        int top = 98 + legendRows * 18;
        int panelH = 230;
        int panelGap = 78;
        String[] titles = {"Requests per second (median of rounds; bars: interquartile range)",
            "Syscalls per request (perf stat raw_syscalls:sys_enter on the server)",
            "Server CPU time per request, microseconds (/proc/PID/stat utime+stime)"};
        List<ToDoubleFunction<Cell>> metrics = List.of(x -> x.rps, x -> x.sys, x -> x.cpu);
        int height = top + titles.length * (panelH + panelGap) + 20;
        StringBuilder sb = new StringBuilder();
        svgOpen(sb, width, height);
        sb.append(text(left, 22, 16, "bold", "start", "HTTP Hello World: netty-uepoll vs Netty transports"));
        String[] sub = {
            meta.getOrDefault("date", "") + " | " + meta.getOrDefault("machine", "") + " | "
                    + meta.getOrDefault("kernel", "") + " | " + meta.getOrDefault("build", ""),
            "server: 1 JVM each, " + serverSummary() + "; load: " + meta.getOrDefault("load", ""),
            meta.getOrDefault("schedule", "").replaceAll(" \\(seed.*?\\)", "").replaceAll(", warm-up.*", "")
                    + "; load average " + meta.getOrDefault("load average at start", "?") + " (start), "
                    + meta.getOrDefault("load average at end", "?") + " (end)"};
        for (int i = 0; i < sub.length; i++) {
            sb.append(text(left, 40 + 14 * i, 11, "normal", "start", sub[i]));
        }
        legend(sb, labels, this::displayName, left, 88);
        for (int p = 0; p < titles.length; p++) {
            int y0 = top + p * (panelH + panelGap) + 20;
            ToDoubleFunction<Cell> f = metrics.get(p);
            double max = 0;
            for (Cell x : cells.values()) {
                double v = p == 0 ? Math.max(x.rpsQ3, x.rps) : f.applyAsDouble(x);
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
            sb.append(text(left, y0 - 8, 13, "bold", "start", titles[p]));
            if (max <= 0) {
                sb.append(text(left + plotW / 2, y0 + panelH / 2, 13, "normal", "middle", "n/a on this machine"));
                continue;
            }
            int base = y0 + panelH;
            double top2 = yAxis(sb, left, plotW, base, panelH, max);
            for (int g = 0; g < conns.size(); g++) {
                int c = conns.get(g);
                int gx = left + g * groupW + groupGap / 2;
                for (int i = 0; i < labels.size(); i++) {
                    Cell x = cell(labels.get(i), c);
                    double v = f.applyAsDouble(x);
                    int bx = gx + i * barW;
                    if (Double.isNaN(v)) {
                        sb.append(text(bx + barW / 2, base - 4, 9, "normal", "middle", "n/a"));
                        continue;
                    }
                    int h = (int) Math.round(panelH * v / top2);
                    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                                    + "<title>%s, %d conns: %s</title></rect>%n", bx, base - h, barW - 2, h,
                            color(labels.get(i), i), esc(displayName(labels.get(i))), c, num(v, p == 0 ? 0 : 3)));
                    int labelY = base - h - 4;
                    if (p == 0 && !Double.isNaN(x.rpsQ1)) {
                        int y1 = (int) Math.round(base - panelH * x.rpsQ1 / top2);
                        int y3 = (int) Math.round(base - panelH * x.rpsQ3 / top2);
                        int cx = bx + (barW - 2) / 2;
                        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                                cx, y1, cx, y3));
                        labelY = Math.min(labelY, y3 - 4);
                    }
                    String value = p == 0 ? (v >= 1000 ? num(v / 1000, v >= 100_000 ? 0 : 1) + "k" : num(v, 0)) : num(v, 2);
                    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"start\" "
                            + "transform=\"rotate(-90 %d %d)\">%s</text>%n", bx + barW / 2 + 2, labelY,
                            bx + barW / 2 + 2, labelY, esc(value)));
                }
                sb.append(text(gx + labels.size() * barW / 2, base + 16, 12, "normal", "middle",
                        c + (c == 1 ? " conn" : " conns")));
            }
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                    left, base, left + plotW, base));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    static double firstLoad(String loadAverages) {
        try {
            return loadAverages == null ? 0 : Double.parseDouble(loadAverages.trim().split(" ")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** "cpus 0, 1 loop thread" from the servers line of the metadata. */
    private String serverSummary() {
        String s = meta.getOrDefault("servers", "");
        int open = s.lastIndexOf(" (cpus ");
        if (open < 0) {
            return s;
        }
        String inner = s.substring(open + 2);
        int jvm = inner.indexOf(", JVM");
        return jvm > 0 ? inner.substring(0, jvm) : inner;
    }

    static String text(int x, int y, int size, String weight, String anchor, String s) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\" text-anchor=\"%s\">%s</text>%n",
                x, y, size, weight, anchor, esc(s));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String axis(double v) {
        if (v >= 1000) {
            return num(v / 1000, v % 1000 == 0 ? 0 : 1) + "k";
        }
        return v == Math.rint(v) ? num(v, 0) : num(v, v < 1 ? 2 : 1);
    }

    /** The smallest of 1, 2, 2.5, 5 x 10^k that is at least {@code v}. */
    static double niceStep(double v) {
        double exp = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * exp >= v * (1 - 1e-9)) {
                return m * exp;
            }
        }
        return 10 * exp;
    }

    /** Starts an SVG document of this size on a white background. */
    static void svgOpen(StringBuilder sb, int width, int height) {
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    }

    /** One colored square and name per server, three to a row, from {@code top}. */
    static void legend(StringBuilder sb, List<String> labels, java.util.function.Function<String, String> name,
                       int left, int top) {
        for (int i = 0; i < labels.size(); i++) {
            int lx = left + (i % 3) * 230;
            int ly = top + (i / 3) * 18;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    lx, ly, color(labels.get(i), i)));
            sb.append(text(lx + 17, ly + 10, 12, "normal", "start", name.apply(labels.get(i))));
        }
    }

    /**
     * Grid lines and labels of a y axis from 0 to a round value above {@code max}, for a panel whose
     * zero is at {@code base}; returns the value at the panel's top.
     */
    static double yAxis(StringBuilder sb, int left, int plotW, int base, int panelH, double max) {
        double step = niceStep(max * 1.12 / 4);
        int ticks = (int) Math.ceil(max * 1.12 / step);
        double scaleTop = ticks * step;
        for (int t = 0; t <= ticks; t++) {
            int y = (int) Math.round(base - panelH * step * t / scaleTop);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    left, y, left + plotW, y));
            sb.append(text(left - 6, y + 4, 11, "normal", "end", axis(step * t)));
        }
        return scaleTop;
    }

    /** Netty's transports in greys and orange, ours in blues and green, the A/A control next to its original. */
    static String color(String label, int i) {
        switch (label) {
            case "nio": return "#c7b299";
            case "epoll": return "#555555";
            case "epoll#2": return "#a0a0a0";
            case "io_uring": return "#ff7f0e";
            case "uepoll-io_uring": return "#1f77b4";
            case "uepoll-epoll_wait": return "#9ecae1";
            case "uepoll-userpoll": return "#2ca02c";
            case "uepoll": return "#17becf";
            default: return EXTRA_COLORS[i % EXTRA_COLORS.length];
        }
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String orNa(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : num(v, decimals);
    }

    static long clockTicksPerSecond() {
        long t = clockTicks;
        if (t == 0) {
            t = 100;
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor() == 0) {
                    t = Long.parseLong(s);
                }
            } catch (IOException | NumberFormatException e) {
                // Linux's USER_HZ is 100 on every architecture we run on.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clockTicks = t;
        }
        return t;
    }
}
