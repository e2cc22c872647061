package io.uepoll.microbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Issue 12's targets, judged on a {@link LoadReport}'s paired medians for uepoll on its default
 * ring (what a user gets without choosing): at 50% load, server CPU per request at most 0.90 x Netty
 * epoll's and no more than each Netty io_uring configuration's; p99 no worse than Netty epoll's at
 * every rate; each at every connection count. A run whose report warns that it is a smoke run, ran
 * under load or has a stray A/A control is not judged: its lines say so and keep the figures.
 */
final class LoadTargets {
    /** The rate the CPU target is judged at, in percent of Netty epoll's saturated req/s. */
    static final int CPU_PERCENT = 50;
    static final double CPU_X_EPOLL = 0.90;
    static final double CPU_X_IO_URING = 1.0;
    static final double P99_X_EPOLL = 1.0;
    static final String CSV_HEADER = "target,conns,percent,server,against,value,against_value,ratio,limit,verdict\n";

    private final LoadReport report;
    private final List<String> labels;
    private final List<Integer> conns;
    private final List<Integer> fractions;
    /** Why the run is not judged, or null. */
    private final String notJudged;
    private final String ours;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder csv = new StringBuilder(CSV_HEADER);

    LoadTargets(LoadReport report, List<String> labels, List<Integer> conns, List<Integer> fractions,
                Map<String, String> meta, String notJudged) {
        this.report = report;
        this.labels = labels;
        this.conns = conns;
        this.fractions = fractions;
        this.notJudged = notJudged;
        ours = defaultRingLabel(labels, meta);
        judge(meta.getOrDefault("uepoll default ring", "n/a"));
    }

    /** The "uepoll" server (the default ring by definition), else the one on the ring the run names as default. */
    static String defaultRingLabel(List<String> labels, Map<String, String> meta) {
        if (labels.contains("uepoll")) {
            return "uepoll";
        }
        String ring = meta.get("uepoll default ring");
        String label = ring == null ? null : "uepoll-" + ring.toLowerCase(Locale.ROOT);
        return label != null && labels.contains(label) ? label : null;
    }

    /** The Targets section of report.txt. */
    String text() {
        return text.toString();
    }

    /** targets.csv: one row per judged figure. */
    String csv() {
        return csv.toString();
    }

    private void judge(String defaultRing) {
        text.append("Targets (issue 12), for uepoll on its default ring");
        if (ours == null) {
            text.append(":\n").append(Verdict.NA.line("no server on the default ring (" + defaultRing + ") in this run:"
                    + " give uepoll or uepoll-" + defaultRing.toLowerCase(Locale.ROOT) + " in --transports"));
            return;
        }
        text.append(" (").append(report.name(ours)).append("); \"x\" is a paired median, as in the tables:\n");
        if (notJudged != null) {
            text.append("  not judged: ").append(notJudged).append("; the figures below are for reference only\n");
        }
        text.append(String.format(Locale.ROOT, "  CPU per request at %d%% load: <= %.2f x Netty epoll's, <= %.2f x each"
                + " Netty io_uring configuration's%n", CPU_PERCENT, CPU_X_EPOLL, CPU_X_IO_URING));
        if (!fractions.contains(CPU_PERCENT)) {
            text.append(Verdict.NA.line("no " + CPU_PERCENT + "% rate in this run (--fractions)"));
        } else {
            List<String> ioUrings = new ArrayList<>(Verdict.NETTY_IO_URING);
            ioUrings.retainAll(labels);
            for (int c : conns) {
                target("cpu_us_per_req", c, CPU_PERCENT, HttpBench.REFERENCE, CPU_X_EPOLL, LoadBench.Slice::cpuMicrosPerRequest);
                for (String rival : ioUrings) {
                    target("cpu_us_per_req", c, CPU_PERCENT, rival, CPU_X_IO_URING, LoadBench.Slice::cpuMicrosPerRequest);
                }
            }
            if (ioUrings.isEmpty()) {
                text.append(Verdict.NA.line("no Netty io_uring server in this run"));
            }
        }
        text.append(String.format(Locale.ROOT, "  p99 at every rate: <= %.2f x Netty epoll's%n", P99_X_EPOLL));
        for (int c : conns) {
            for (int f : fractions) {
                target("p99_us", c, f, HttpBench.REFERENCE, P99_X_EPOLL, s -> s.p(99));
            }
        }
    }

    /** One verdict: ours over {@code against} at one connection count and rate, paired per round, at most {@code limit}. */
    private void target(String what, int c, int f, String against, double limit, ToDoubleFunction<LoadBench.Slice> metric) {
        boolean cpu = what.startsWith("cpu");
        LoadReport.Cell x = report.cell(ours, c, f);
        LoadReport.Cell y = report.cell(against, c, f);
        double value = cpu ? x.cpu : x.p99;
        double other = cpu ? y.cpu : y.p99;
        double ratio = report.pairedMedian(ours, against, c, f, metric);
        Verdict v = Verdict.of(ratio <= limit, Double.isNaN(ratio));
        if (notJudged != null && v != Verdict.NA) {
            v = Verdict.NOT_JUDGED;
        }
        int decimals = cpu ? 2 : 0;
        text.append(v.line(String.format(Locale.ROOT, "%d connection%s, %d%%: %s us against %s's %s us, %s x (target <= %.2f)%s",
                c, c == 1 ? "" : "s", f, BenchReport.orNa(value, decimals), report.name(against),
                BenchReport.orNa(other, decimals), BenchReport.orNa(ratio, 3), limit,
                x.unsustained + y.unsustained > 0 ? "; * not sustained in a round: overload" : "")));
        csv.append(what).append(',').append(c).append(',').append(f).append(',').append(ours).append(',').append(against)
           .append(',').append(BenchReport.num(value, cpu ? 3 : 0)).append(',').append(BenchReport.num(other, cpu ? 3 : 0))
           .append(',').append(BenchReport.num(ratio, 3)).append(',').append(BenchReport.num(limit, 2))
           .append(',').append(v.word).append('\n');
    }
}
