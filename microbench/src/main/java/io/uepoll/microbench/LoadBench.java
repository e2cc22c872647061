package io.uepoll.microbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The fixed offered-load benchmark: Netty epoll's saturated req/s is measured first (wrk, as in
 * {@link HttpBench}) at each connection count; then every server gets the same fixed rates,
 * fractions of it (h2load {@code --rps}), in a shuffled order round after round. Reported per
 * server: the rate it achieved, p50/p99/p99.9 latency and server CPU per request, with paired
 * ratios against Netty epoll in the same round. Flags: {@link LoadBenchOptions}.
 */
final class LoadBench {
    /** A server achieving less than this share of the offered rate did not sustain it. */
    static final double SUSTAINED = 0.95;

    /** One fixed-rate slice of one server at one connection count and rate in one round. */
    static final class Slice {
        int round;
        int order;
        String label;
        int conns;
        int fraction;
        H2load.Result load;
        double cpuSeconds = Double.NaN;
        double loadAvg1;

        double cpuMicrosPerRequest() {
            return load.failure != null || load.succeeded == 0 ? Double.NaN : cpuSeconds * 1e6 / load.succeeded;
        }

        double p(int which) {
            if (load.failure != null) {
                return Double.NaN;
            }
            return which == 50 ? load.p50Micros : which == 99 ? load.p99Micros : load.p999Micros;
        }
    }

    private final LoadBenchOptions o;
    private final Wrk wrk;
    private final H2load h2load;
    /** One generator for every round: Randoms seeded with nearby values start alike (same order each round). */
    private final Random shuffle;
    private final Map<String, Transport> servers = new LinkedHashMap<>();
    private final Map<Integer, Double> saturated = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> meta = new LinkedHashMap<>();

    LoadBench(LoadBenchOptions o) {
        this.o = o;
        wrk = new Wrk(o.wrkBin, o.loadCpus, 1);
        h2load = new H2load(o.h2loadBin, o.loadCpus);
        shuffle = new Random(o.seed);
    }

    void run() throws Exception {
        if (!Wrk.isInstalled(o.wrkBin) || !H2load.isInstalled(o.h2loadBin)) {
            throw new IllegalStateException("wrk and h2load are needed: apt-get install -y wrk nghttp2-client"
                    + " (bench/load-bench.sh does it for you)");
        }
        Files.createDirectories(o.out);
        HttpBench.resolveServers(o.transports, servers, skipped);
        if (!servers.containsKey(HttpBench.REFERENCE)) {
            throw new IllegalStateException("Netty epoll is not available here: the rates are fractions of its throughput");
        }
        collectMeta();
        System.out.println("Fixed-load benchmark -> " + o.out.toAbsolutePath());
        meta.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        skipped.forEach(s -> System.out.println("  skipped " + s));

        List<ServerProcess> procs = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> procs.forEach(ServerProcess::close)));
        List<Slice> slices = new ArrayList<>();
        try {
            int port = o.basePort;
            for (Map.Entry<String, Transport> e : servers.entrySet()) {
                procs.add(ServerProcess.start(e.getKey(), e.getValue(), o.workload, port++, o.threads, o.serverCpus, o.jvmOpts,
                        o.out.resolve("server-" + HttpBench.fileName(e.getKey()) + ".log")));
            }
            for (ServerProcess p : procs) {
                p.awaitListening(60_000);
                String bad = p.validate(3);
                if (bad != null) {
                    throw new IllegalStateException(p.label + " answers wrongly: " + bad);
                }
            }
            measureSaturation(procs.get(0));
            warmUp(procs);
            for (int r = 0; r < o.rounds; r++) {
                runRound(procs, r, slices);
            }
        } finally {
            procs.forEach(ServerProcess::close);
        }
        // The per-request logs run to megabytes; raw.csv keeps what was computed from them.
        for (String scratch : new String[] {"h2load.last.log", "h2load.warmup.log"}) {
            Files.deleteIfExists(o.out.resolve(scratch));
        }
        meta.put("load average at end", HttpBench.loadAverage());
        writeRaw(slices);
        LoadReport report = new LoadReport(slices, new ArrayList<>(servers.keySet()), o.conns, o.fractions, saturated,
                servers, meta, problems, skipped, o.quick);
        String text = report.text();
        System.out.println();
        System.out.println(text);
        Files.write(o.out.resolve("report.txt"), text.getBytes(StandardCharsets.UTF_8));
        Files.write(o.out.resolve("summary.csv"), report.summaryCsv().getBytes(StandardCharsets.UTF_8));
        Files.write(o.out.resolve("targets.csv"), report.targetsCsv().getBytes(StandardCharsets.UTF_8));
        Files.write(o.out.resolve("chart.svg"), report.svg().getBytes(StandardCharsets.UTF_8));
        System.out.println("Wrote " + o.out.resolve("report.txt") + ", summary.csv, targets.csv, raw.csv and chart.svg");
    }

    /** Netty epoll's saturated req/s per connection count, after its own wrk warm-up. */
    private void measureSaturation(ServerProcess epoll) throws Exception {
        Path scratch = o.out.resolve("wrk.saturation.txt");
        for (int c : o.conns) {
            wrk.run("127.0.0.1", epoll.port, c, o.warmupSeconds, scratch);
            Wrk.Result r = wrk.run("127.0.0.1", epoll.port, c, o.saturationSeconds, scratch);
            if (r.failure != null || r.errors() > 0 || r.requests == 0) {
                throw new IllegalStateException("saturating Netty epoll at " + c + " connections failed: " + r.errorSummary());
            }
            saturated.put(c, r.requestsPerSecond());
            System.out.printf(Locale.ROOT, "Netty epoll saturated at %d connection%s: %.0f req/s (wrk, %d s)%n", c,
                    c == 1 ? "" : "s", r.requestsPerSecond(), o.saturationSeconds);
        }
        StringBuilder sb = new StringBuilder();
        saturated.forEach((c, rps) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%.0f req/s at %d conn%s", rps, c, c == 1 ? "" : "s")));
        meta.put("Netty epoll saturated", sb + " (wrk, " + o.saturationSeconds + " s after " + o.warmupSeconds
                + " s warm-up)");
    }

    /** Every server at the middle rate for the warm-up time at each connection count: JIT and pools warm. */
    private void warmUp(List<ServerProcess> procs) throws Exception {
        System.out.printf(Locale.ROOT, "warming up: %d s per server and connection count at 50%% of saturation%n",
                o.warmupSeconds);
        for (ServerProcess p : procs) {
            for (int c : o.conns) {
                H2load.Result r = h2load.run("127.0.0.1", p.port, c, saturated.get(c) / 2, o.warmupSeconds,
                        o.out.resolve("h2load.warmup.txt"), o.out.resolve("h2load.warmup.log"));
                if (r.failure != null || r.errors() > 0) {
                    problem("warm-up of " + p.label + " at " + c + " connections: "
                            + (r.failure != null ? r.failure : r.errors() + " failed requests"));
                }
            }
        }
    }

    private void runRound(List<ServerProcess> procs, int r, List<Slice> slices) throws Exception {
        List<Object[]> cells = new ArrayList<>();
        for (ServerProcess p : procs) {
            for (int c : o.conns) {
                for (int f : o.fractions) {
                    cells.add(new Object[] {p, c, f});
                }
            }
        }
        Collections.shuffle(cells, shuffle);
        long start = System.nanoTime();
        int order = 0;
        for (Object[] cell : cells) {
            ServerProcess p = (ServerProcess) cell[0];
            if (!p.isAlive()) {
                continue;
            }
            Slice s = measure(p, (Integer) cell[1], (Integer) cell[2], r, order++);
            slices.add(s);
            if (s.load.failure != null || s.load.errors() > 0 || !p.isAlive()) {
                problem(String.format(Locale.ROOT, "round %d: %s at %d connections, %d%%: %s%s", r + 1, p.label,
                        s.conns, s.fraction, s.load.failure != null ? s.load.failure : s.load.errors() + " failed requests",
                        p.isAlive() ? "" : " -- the server DIED:\n" + p.logTail()));
            } else if (!s.load.sustained(SUSTAINED)) {
                problem(String.format(Locale.ROOT, "round %d: %s at %d connections did not sustain %d%% (%.0f req/s):"
                        + " %.0f req/s achieved", r + 1, p.label, s.conns, s.fraction, s.load.offered, s.load.achieved()));
            }
        }
        System.out.printf(Locale.ROOT, "round %d/%d done in %.0f s (load average %s)%n", r + 1, o.rounds,
                (System.nanoTime() - start) / 1e9, HttpBench.loadAverage());
        writeRaw(slices);
    }

    private Slice measure(ServerProcess p, int c, int fraction, int round, int order) throws Exception {
        Slice s = new Slice();
        s.round = round;
        s.order = order;
        s.label = p.label;
        s.conns = c;
        s.fraction = fraction;
        s.loadAvg1 = HttpBench.loadAverage1();
        double rate = saturated.get(c) * fraction / 100;
        long t0 = p.cpuTicks();
        s.load = h2load.run("127.0.0.1", p.port, c, rate, o.sliceSeconds, o.out.resolve("h2load.last.txt"),
                o.out.resolve("h2load.last.log"));
        long t1 = p.isAlive() ? p.cpuTicks() : t0;
        s.cpuSeconds = (t1 - t0) / (double) BenchReport.clockTicksPerSecond();
        System.out.printf(Locale.ROOT, "  r%d %-22s c=%-4d %3d%% offered %8.0f achieved %8.0f req/s  p50 %7.0f"
                        + "  p99 %7.0f  p99.9 %7.0f us  %6.2f us CPU/req%n", round + 1, p.label, c, fraction, rate,
                s.load.achieved(), s.p(50), s.p(99), s.p(999), s.cpuMicrosPerRequest());
        return s;
    }

    private void problem(String msg) {
        problems.add(msg);
        System.out.println("  !! " + msg);
    }

    private void collectMeta() {
        meta.put("date", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        meta.put("machine", HttpBench.cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + HttpBench.memTotal());
        meta.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        meta.put("build", HttpBench.buildId());
        meta.put("workload", o.workload.id + ": " + o.workload.description);
        meta.put("uepoll default ring", io.uepoll.channel.Uepoll.isAvailable()
                ? io.uepoll.channel.Uepoll.defaultRing().name() : "n/a");
        meta.put("servers", String.join(", ", servers.keySet()) + " (cpus " + o.serverCpus + ", " + o.threads
                + " loop thread" + (o.threads == 1 ? "" : "s") + ", JVM " + String.join(" ", o.jvmOpts)
                + "; the spin server spins -Duepoll.bench.spinNanos, default 20000 ns, before each sleep)");
        meta.put("load", h2load + ": rates " + o.fractions + " % of Netty epoll's saturated req/s, split evenly over "
                + "connections " + o.conns + "; latency = send to end of response, percentiles of every request's");
        meta.put("schedule", o.rounds + " rounds x " + o.sliceSeconds + " s fixed-rate slices, shuffled per round (seed "
                + o.seed + "), warm-up " + o.warmupSeconds + " s per server and connection count");
        meta.put("load average at start", HttpBench.loadAverage());
    }

    static final String RAW_HEADER = "round,order,transport,conns,percent,offered_per_s,achieved_per_s,succeeded,"
            + "failed,seconds,p50_us,p99_us,p999_us,cpu_s,cpu_us_per_req,failure,loadavg1";

    private void writeRaw(List<Slice> slices) throws IOException {
        StringBuilder sb = new StringBuilder(RAW_HEADER).append('\n');
        for (Slice s : slices) {
            H2load.Result l = s.load;
            sb.append(s.round + 1).append(',').append(s.order).append(',').append(s.label).append(',').append(s.conns)
              .append(',').append(s.fraction).append(',').append(BenchReport.num(l.offered, 1))
              .append(',').append(BenchReport.num(l.achieved(), 1)).append(',').append(l.succeeded)
              .append(',').append(l.failed).append(',').append(l.seconds)
              .append(',').append(BenchReport.num(s.p(50), 0)).append(',').append(BenchReport.num(s.p(99), 0))
              .append(',').append(BenchReport.num(s.p(999), 0)).append(',').append(BenchReport.num(s.cpuSeconds, 2))
              .append(',').append(BenchReport.num(s.cpuMicrosPerRequest(), 3))
              .append(',').append(l.failure == null ? "" : '"' + l.failure.replace('"', '\'') + '"')
              .append(',').append(BenchReport.num(s.loadAvg1, 2)).append('\n');
        }
        Files.write(o.out.resolve("raw.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
