package io.uepoll.microbench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns the slices of a {@link LoadBench} run into medians over rounds and paired ratios (each
 * round's figure over Netty epoll's at the same connection count and rate in the same round);
 * renders the terminal table (with issue 12's targets, {@link LoadTargets}), the summary CSV, the
 * targets CSV and the SVG chart.
 */
final class LoadReport {
    static final String SPIN = "uepoll-io_uring-spin";
    static final String NO_SPIN = "uepoll-io_uring";
    /**
     * How far from 1 a paired ratio of the A/A control may stray before the run is too noisy to judge
     * targets by: the CPU target asks for 10% less than Netty epoll.
     */
    static final double AA_NOISE = 0.10;

    /** The medians of one server at one connection count and rate. */
    static final class Cell {
        int rounds;
        int unsustained;
        long errors;
        double offered;
        double achieved;
        double p50;
        double p99;
        double p999;
        double cpu;
        double p99Ratio;
        double cpuRatio;
        double p99VsNoSpin;
        double cpuVsNoSpin;
    }

    private final List<LoadBench.Slice> slices;
    private final List<String> labels;
    private final List<Integer> conns;
    private final List<Integer> fractions;
    private final Map<Integer, Double> saturated;
    private final Map<String, Transport> transports;
    private final Map<String, String> meta;
    private final List<String> problems;
    private final List<String> skipped;
    private final boolean quick;
    private final Map<String, Cell> cells = new LinkedHashMap<>();
    private final LoadTargets targets;

    LoadReport(List<LoadBench.Slice> slices, List<String> labels, List<Integer> conns, List<Integer> fractions,
               Map<Integer, Double> saturated, Map<String, Transport> transports, Map<String, String> meta,
               List<String> problems, List<String> skipped, boolean quick) {
        this.slices = slices;
        this.labels = labels;
        this.conns = conns;
        this.fractions = fractions;
        this.saturated = saturated;
        this.transports = transports;
        this.meta = meta;
        this.problems = problems;
        this.skipped = skipped;
        this.quick = quick;
        for (int c : conns) {
            for (int f : fractions) {
                for (String label : labels) {
                    cells.put(key(label, c, f), compute(label, c, f));
                }
            }
        }
        targets = new LoadTargets(this, labels, conns, fractions, meta, notJudged());
    }

    private static String key(String label, int conns, int fraction) {
        return label + "@" + conns + "@" + fraction;
    }

    Cell cell(String label, int conns, int fraction) {
        return cells.get(key(label, conns, fraction));
    }

    private Cell compute(String label, int c, int f) {
        Cell cell = new Cell();
        List<LoadBench.Slice> mine = slicesOf(label, c, f);
        for (LoadBench.Slice s : mine) {
            cell.errors += s.load.errors() + (s.load.failure != null ? 1 : 0);
            if (s.load.failure == null) {
                cell.rounds++;
                cell.unsustained += s.load.sustained(LoadBench.SUSTAINED) ? 0 : 1;
            }
        }
        cell.offered = median(mine, s -> s.load.offered);
        cell.achieved = median(mine, s -> s.load.failure == null ? s.load.achieved() : Double.NaN);
        cell.p50 = median(mine, s -> s.p(50));
        cell.p99 = median(mine, s -> s.p(99));
        cell.p999 = median(mine, s -> s.p(999));
        cell.cpu = median(mine, LoadBench.Slice::cpuMicrosPerRequest);
        cell.p99Ratio = pairedMedian(mine, HttpBench.REFERENCE, s -> s.p(99));
        cell.cpuRatio = pairedMedian(mine, HttpBench.REFERENCE, LoadBench.Slice::cpuMicrosPerRequest);
        cell.p99VsNoSpin = pairedMedian(mine, NO_SPIN, s -> s.p(99));
        cell.cpuVsNoSpin = pairedMedian(mine, NO_SPIN, LoadBench.Slice::cpuMicrosPerRequest);
        return cell;
    }

    /** Every round's slice of one server at one connection count and rate. */
    private List<LoadBench.Slice> slicesOf(String label, int c, int f) {
        List<LoadBench.Slice> mine = new ArrayList<>();
        for (LoadBench.Slice s : slices) {
            if (s.label.equals(label) && s.conns == c && s.fraction == f) {
                mine.add(s);
            }
        }
        return mine;
    }

    /** The median over rounds of {@code label}'s figure over {@code other}'s in the same round. */
    double pairedMedian(String label, String other, int c, int f, ToDoubleFunction<LoadBench.Slice> metric) {
        return pairedMedian(slicesOf(label, c, f), other, metric);
    }

    /** The median over rounds of this server's figure over {@code other}'s in the same round. */
    private double pairedMedian(List<LoadBench.Slice> mine, String other, ToDoubleFunction<LoadBench.Slice> f) {
        List<Double> ratios = new ArrayList<>();
        for (LoadBench.Slice s : mine) {
            for (LoadBench.Slice ref : slices) {
                if (ref.label.equals(other) && ref.round == s.round && ref.conns == s.conns && ref.fraction == s.fraction) {
                    double a = f.applyAsDouble(s);
                    double b = f.applyAsDouble(ref);
                    if (!Double.isNaN(a) && !Double.isNaN(b) && b > 0) {
                        ratios.add(a / b);
                    }
                }
            }
        }
        return BenchReport.quantile(ratios.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
    }

    private static double median(List<LoadBench.Slice> list, ToDoubleFunction<LoadBench.Slice> f) {
        return BenchReport.quantile(list.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray(), 0.5);
    }

    String name(String label) {
        return BenchReport.displayName(label, transports, meta);
    }

    // ---------------------------------------------------------------------------------------- text

    /** The warnings of this run, also printed at the top of the report. */
    List<String> warnings() {
        List<String> w = new ArrayList<>();
        int rounds = rounds();
        if (smoke()) {
            w.add(String.format(Locale.ROOT, "SMOKE RUN (%s%d round%s): it shows that the benchmark works, not how the"
                    + " transports compare; p99.9 of a short slice rests on a handful of requests.", quick ? "--quick, " : "",
                    rounds, rounds == 1 ? "" : "s"));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores <= 2) {
            w.add("The server and h2load have one core each of " + cores + ": the machine's other work, and the JVMs of the"
                    + " idle servers, run on the same cores, so latency tails include scheduling delays.");
        }
        double load = peakLoad();
        if (load > 1.0) {
            w.add(String.format(Locale.ROOT, "Measured under load (1-min load average up to %.1f on %d cores): other work"
                    + " competed for the cores, so latency and CPU figures are noisy; judge them against the A/A control.",
                    load, cores));
        }
        String aa = aaStray();
        if (aa != null) {
            w.add(String.format(Locale.ROOT, "The A/A control strays from Netty epoll by more than %.0f%%: %s. Differences"
                    + " of that size between servers are noise.", AA_NOISE * 100, aa));
        }
        long unsustained = cells.values().stream().filter(x -> x.unsustained > 0).count();
        if (unsustained > 0) {
            w.add(unsustained + " cell(s) marked '*': in at least one round the server answered less than "
                    + Math.round(LoadBench.SUSTAINED * 100) + "% of the offered rate; their latency is that of an"
                    + " overloaded server.");
        }
        return w;
    }

    private int rounds() {
        return slices.stream().mapToInt(s -> s.round + 1).max().orElse(0);
    }

    private boolean smoke() {
        return quick || rounds() < 3;
    }

    /** The higher of the 1-min load averages at the start and the end of the run. */
    private double peakLoad() {
        return Math.max(BenchReport.firstLoad(meta.get("load average at start")),
                BenchReport.firstLoad(meta.get("load average at end")));
    }

    /** The A/A control's paired ratio farthest from 1, when farther than {@link #AA_NOISE}, with where; else null. */
    private String aaStray() {
        String aa = HttpBench.REFERENCE + "#2";
        if (!labels.contains(aa)) {
            return null;
        }
        String worst = null;
        double farthest = AA_NOISE;
        for (int c : conns) {
            for (int f : fractions) {
                Cell x = cell(aa, c, f);
                double[] ratios = {x.p99Ratio, x.cpuRatio};
                for (int i = 0; i < ratios.length; i++) {
                    if (Math.abs(ratios[i] - 1) > farthest) {
                        farthest = Math.abs(ratios[i] - 1);
                        worst = String.format(Locale.ROOT, "%s %.2f x at %d connection%s, %d%%", i == 0 ? "p99" : "CPU/req",
                                ratios[i], c, c == 1 ? "" : "s", f);
                    }
                }
            }
        }
        return worst;
    }

    /** Why this run's targets are not judged (smoke run, machine load, stray A/A control), or null. */
    private String notJudged() {
        List<String> why = new ArrayList<>();
        if (smoke()) {
            why.add(quick ? "--quick run" : "smoke run of " + rounds() + " round" + (rounds() == 1 ? "" : "s"));
        }
        if (peakLoad() > 1.0) {
            why.add(String.format(Locale.ROOT, "measured under load (1-min load average up to %.1f)", peakLoad()));
        }
        String aa = aaStray();
        if (aa != null) {
            why.add("A/A control strays (" + aa + ")");
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("HTTP/1.1 keep-alive \"Hello, World!\" at fixed offered rates (h2load --rps), every server at the same rate\n");
        meta.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        skipped.forEach(s -> sb.append("  skipped ").append(s).append('\n'));
        for (String w : warnings()) {
            sb.append("\nWARNING: ").append(w).append('\n');
        }
        sb.append("\nMedians over rounds; \"x epoll\" is a paired median: each round's figure over Netty epoll's at the same"
                + " rate in the same round.\nLatency from h2load's per-request log (send to end of response); CPU us/req ="
                + " (utime+stime of the server from /proc/PID/stat) / answered requests.\n");
        for (int c : conns) {
            for (int f : fractions) {
                sb.append(String.format(Locale.ROOT, "%n%d connection%s, %d%% of Netty epoll's saturated %.0f req/s%n",
                        c, c == 1 ? "" : "s", f, saturated.getOrDefault(c, Double.NaN)));
                sb.append(String.format(Locale.ROOT, "%-24s %9s %9s %8s %8s %7s %9s %8s %7s %6s%n", "transport", "offered",
                        "achieved", "p50 us", "p99 us", "x epoll", "p99.9 us", "CPU us", "x epoll", "errors"));
                for (String label : labels) {
                    Cell x = cell(label, c, f);
                    sb.append(String.format(Locale.ROOT, "%-24s %9s %9s %8s %8s %7s %9s %8s %7s %6d%n",
                            name(label), BenchReport.num(x.offered, 0),
                            BenchReport.num(x.achieved, 0) + (x.unsustained > 0 ? "*" : " "), BenchReport.num(x.p50, 0),
                            BenchReport.num(x.p99, 0), BenchReport.num(x.p99Ratio, 2), BenchReport.num(x.p999, 0),
                            BenchReport.num(x.cpu, 2), BenchReport.num(x.cpuRatio, 2), x.errors));
                }
            }
        }
        sb.append('\n').append(noise()).append('\n').append(spin()).append('\n').append(targets.text());
        if (!problems.isEmpty()) {
            sb.append("\nPROBLEMS seen during the run:\n");
            problems.forEach(p -> sb.append("  ").append(p).append('\n'));
        }
        return sb.toString();
    }

    private String noise() {
        String aa = HttpBench.REFERENCE + "#2";
        if (!labels.contains(aa)) {
            return "Noise: no A/A control (run " + HttpBench.REFERENCE + " twice in --transports to get one)\n";
        }
        StringBuilder sb = new StringBuilder("Noise (A/A control: a second Netty epoll server over the first, paired per"
                + " round; a ratio of other servers within this distance of 1 is not a difference):\n");
        for (int c : conns) {
            for (int f : fractions) {
                Cell x = cell(aa, c, f);
                sb.append(String.format(Locale.ROOT, "  %4d conns %3d%%: p99 ratio %s, CPU/req ratio %s%n", c, f,
                        BenchReport.num(x.p99Ratio, 2), BenchReport.num(x.cpuRatio, 3)));
            }
        }
        return sb.toString();
    }

    /** Spinning judged by the latency it buys per CPU it spends, paired against the same ring without spin. */
    private String spin() {
        if (!labels.contains(SPIN) || !labels.contains(NO_SPIN)) {
            return "Spin: needs both " + SPIN + " and " + NO_SPIN + " in --transports\n";
        }
        StringBuilder sb = new StringBuilder("Spin (uepoll IO_URING+spin over uepoll IO_URING, paired per round):\n");
        for (int c : conns) {
            for (int f : fractions) {
                Cell x = cell(SPIN, c, f);
                sb.append(String.format(Locale.ROOT, "  %4d conns %3d%%: p99 x %s, CPU/req x %s%n", c, f,
                        BenchReport.num(x.p99VsNoSpin, 2), BenchReport.num(x.cpuVsNoSpin, 2)));
            }
        }
        return sb.toString();
    }

    // ----------------------------------------------------------------------------------------- csv

    /** targets.csv: each target's figures, paired ratio, limit and verdict. */
    String targetsCsv() {
        return targets.csv();
    }

    String summaryCsv() {
        StringBuilder sb = new StringBuilder("conns,percent,transport,name,rounds,offered_per_s,achieved_per_s,"
                + "unsustained_rounds,p50_us,p99_us,p99_x_epoll,p999_us,cpu_us_per_req,cpu_x_epoll,errors\n");
        for (int c : conns) {
            for (int f : fractions) {
                for (String label : labels) {
                    Cell x = cell(label, c, f);
                    sb.append(c).append(',').append(f).append(',').append(label).append(',')
                      .append(name(label)).append(',').append(x.rounds)
                      .append(',').append(BenchReport.num(x.offered, 0)).append(',').append(BenchReport.num(x.achieved, 0))
                      .append(',').append(x.unsustained).append(',').append(BenchReport.num(x.p50, 0))
                      .append(',').append(BenchReport.num(x.p99, 0)).append(',').append(BenchReport.num(x.p99Ratio, 3))
                      .append(',').append(BenchReport.num(x.p999, 0)).append(',').append(BenchReport.num(x.cpu, 3))
                      .append(',').append(BenchReport.num(x.cpuRatio, 3)).append(',').append(x.errors).append('\n');
                }
            }
        }
        return sb.toString();
    }

    // ----------------------------------------------------------------------------------------- svg

    /**
     * Per connection count, a p99 panel (p50 as a dark tick in each bar) and a CPU-per-request
     * panel, each on its own scale so one connection's figures stay readable.
     */
    String svg() {
        int barW = 15;
        int groupGap = 34;
        int groupW = labels.size() * barW + groupGap;
        int left = 78;
        int plotW = fractions.size() * groupW;
        int width = Math.max(left + plotW + 30, 760);
        int legendRows = (labels.size() + 2) / 3;
        int top = 84 + legendRows * 18;
        int panelH = 180;
        int panelGap = 70;
        int panels = conns.size() * 2;
        int height = top + panels * (panelH + panelGap) + 10;
        StringBuilder sb = new StringBuilder();
        BenchReport.svgOpen(sb, width, height);
        sb.append(BenchReport.text(left, 22, 16, "bold", "start", "HTTP Hello World at fixed offered rates"
                + (warnings().isEmpty() ? "" : " (see the report's warnings)")));
        sb.append(BenchReport.text(left, 40, 11, "normal", "start", meta.getOrDefault("date", "") + " | "
                + meta.getOrDefault("machine", "") + " | " + meta.getOrDefault("build", "")));
        sb.append(BenchReport.text(left, 54, 11, "normal", "start", meta.getOrDefault("schedule", "")
                .replaceAll(" \\(seed.*?\\)", "").replaceAll(", warm-up.*", "") + "; load average "
                + meta.getOrDefault("load average at start", "?") + " (start), "
                + meta.getOrDefault("load average at end", "?") + " (end)"));
        BenchReport.legend(sb, labels, this::name, left, 70);
        int p = 0;
        for (int c : conns) {
            String conn = c + " connection" + (c == 1 ? "" : "s");
            panel(sb, top + (p++) * (panelH + panelGap) + 20, left, panelH, barW, groupW, groupGap, c,
                    "p99 latency, us, " + conn + " (dark tick: p50)", x -> x.p99, x -> x.p50);
            panel(sb, top + (p++) * (panelH + panelGap) + 20, left, panelH, barW, groupW, groupGap, c,
                    "Server CPU per request, us, " + conn, x -> x.cpu, null);
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private void panel(StringBuilder sb, int y0, int left, int panelH, int barW, int groupW, int groupGap, int c,
                       String title, ToDoubleFunction<Cell> f, ToDoubleFunction<Cell> tick) {
        int plotW = fractions.size() * groupW;
        double max = 0;
        for (int fr : fractions) {
            for (String label : labels) {
                double v = f.applyAsDouble(cell(label, c, fr));
                max = Double.isNaN(v) ? max : Math.max(max, v);
            }
        }
        sb.append(BenchReport.text(left, y0 - 8, 13, "bold", "start", title));
        if (max <= 0) {
            sb.append(BenchReport.text(left + plotW / 2, y0 + panelH / 2, 13, "normal", "middle", "no data"));
            return;
        }
        int base = y0 + panelH;
        double scaleTop = BenchReport.yAxis(sb, left, plotW, base, panelH, max);
        for (int g = 0; g < fractions.size(); g++) {
            int fr = fractions.get(g);
            int gx = left + g * groupW + groupGap / 2;
            for (int i = 0; i < labels.size(); i++) {
                Cell x = cell(labels.get(i), c, fr);
                double v = f.applyAsDouble(x);
                int bx = gx + i * barW;
                if (Double.isNaN(v)) {
                    sb.append(BenchReport.text(bx + barW / 2, base - 4, 9, "normal", "middle", "n/a"));
                    continue;
                }
                int h = (int) Math.round(panelH * v / scaleTop);
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                                + "<title>%s, %d conns, %d%%: %s</title></rect>%n", bx, base - h, barW - 2, h,
                        BenchReport.color(labels.get(i), i), BenchReport.esc(name(labels.get(i))), c, fr,
                        BenchReport.num(v, 2)));
                if (tick != null && !Double.isNaN(tick.applyAsDouble(x))) {
                    int ty = (int) Math.round(base - panelH * tick.applyAsDouble(x) / scaleTop);
                    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\""
                            + " stroke-width=\"2\"/>%n", bx, ty, bx + barW - 2, ty));
                }
                String value = (v >= 100 ? BenchReport.num(v, 0) : BenchReport.num(v, 1)) + (x.unsustained > 0 ? "*" : "");
                int labelY = base - h - 4;
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"start\" "
                        + "transform=\"rotate(-90 %d %d)\">%s</text>%n", bx + barW / 2 + 2, labelY,
                        bx + barW / 2 + 2, labelY, BenchReport.esc(value)));
            }
            sb.append(BenchReport.text(gx + labels.size() * barW / 2, base + 16, 12, "normal", "middle",
                    fr + "% (" + BenchReport.num(saturated.getOrDefault(c, Double.NaN) * fr / 100, 0) + " req/s)"));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                left, base, left + plotW, base));
    }
}
