package io.uepoll.microbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The HTTP throughput benchmark: every server in its own warm JVM pinned to the server cores, wrk
 * pinned to the load cores, short slices in a shuffled order round after round, figures reported
 * as paired medians against Netty epoll in the same round. Flags: {@link HttpBenchOptions}.
 *
 * <p>Each cell (server x connection count) of a round is two wrk runs back to back: a short one
 * under {@code perf stat} for syscalls and context switches per request, then the measured slice
 * without perf for requests/s, latency and CPU time (an enabled syscall tracepoint slows every
 * syscall on the machine, the load generator's too, so it never overlaps the measured slice).
 */
final class HttpBench {
    static final String REFERENCE = "epoll";
    static final String IO_URING = "io_uring";
    static final String IO_URING_BUFRING = "io_uring-bufring";

    /** One wrk slice of one server at one connection count in one round. */
    static final class Slice {
        int round;
        int order;
        String label;
        int conns;
        Wrk.Result wrk;
        double cpuSeconds = Double.NaN;
        /** From the perf slice that preceded the measured one. */
        PerfStat.Counts perf;
        long perfRequests;
        String perfProblem;
        double loadAvg1;

        double rps() {
            return wrk == null || wrk.failure != null ? Double.NaN : wrk.requestsPerSecond();
        }

        double cpuMicrosPerRequest() {
            return wrk == null || wrk.requests == 0 ? Double.NaN : cpuSeconds * 1e6 / wrk.requests;
        }

        double syscallsPerRequest() {
            return perf == null || perfRequests == 0 ? Double.NaN : perf.syscalls / perfRequests;
        }

        double loopSyscallsPerRequest() {
            return perf == null || perfRequests == 0 ? Double.NaN : perf.loopSyscalls / perfRequests;
        }

        double contextSwitchesPerRequest() {
            return perf == null || perfRequests == 0 ? Double.NaN : perf.contextSwitches / perfRequests;
        }

        double bytesPerResponse() {
            return wrk == null || wrk.requests == 0 ? Double.NaN : wrk.bytesRead / wrk.requests;
        }
    }

    private final List<String> transports;
    private final int rounds;
    private final int sliceSeconds;
    private final int perfSliceSeconds;
    private final int warmupSeconds;
    private final List<Integer> conns;
    private final String serverCpus;
    private final String loadCpus;
    private final int threads;
    private final List<String> jvmOpts;
    private final Path out;
    private final long seed;
    private final LoadClient load;
    private final String loadDescription;
    private final Workload workload;
    private final String h2loadBin;
    private final String wrkBin;
    private final String perfBin;
    private final boolean perfWanted;
    private final int basePort;
    private final Map<String, Transport> servers = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> meta = new LinkedHashMap<>();

    HttpBench(HttpBenchOptions o) {
        transports = o.transports;
        rounds = o.rounds;
        sliceSeconds = o.sliceSeconds;
        perfSliceSeconds = o.perfSliceSeconds;
        warmupSeconds = o.warmupSeconds;
        conns = o.conns;
        serverCpus = o.serverCpus;
        loadCpus = o.loadCpus;
        threads = o.threads;
        jvmOpts = o.jvmOpts;
        out = o.out;
        seed = o.seed;
        wrkBin = o.wrkBin;
        perfBin = o.perfBin;
        perfWanted = o.perfWanted;
        basePort = o.basePort;
        workload = o.workload;
        h2loadBin = o.h2loadBin;
        if (workload == Workload.H2C) {
            H2load h2load = new H2load(o.h2loadBin, loadCpus);
            int streams = o.streams;
            Path log = out.resolve("h2load.last.log");
            load = (host, port, c, seconds, scratch) ->
                    h2load.saturate(host, port, c, streams, (int) Math.max(1, Math.round(seconds)), scratch, log);
            loadDescription = "h2load -t1 -m" + streams + " (HTTP/2 prior knowledge, " + streams
                    + " stream" + (streams == 1 ? "" : "s") + " per connection) pinned to " + loadCpus;
        } else {
            String header = workload == Workload.CLOSE ? "Connection: close" : null;
            Wrk wrk = new Wrk(wrkBin, loadCpus, o.wrkThreads, null, header);
            load = wrk;
            loadDescription = wrk + ", --timeout 2s" + (header == null ? "" : ", -H '" + header + "'");
        }
    }

    void run() throws Exception {
        if (workload == Workload.H2C ? !H2load.isInstalled(h2loadBin) : !Wrk.isInstalled(wrkBin)) {
            throw new IllegalStateException((workload == Workload.H2C ? "h2load is not installed: apt-get install -y "
                    + "nghttp2-client" : "wrk is not installed: apt-get install -y wrk")
                    + " (bench/http-bench.sh does it for you)");
        }
        Files.createDirectories(out);
        resolveServers();
        collectMeta();
        printMeta();

        List<ServerProcess> procs = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> procs.forEach(ServerProcess::close)));
        List<Slice> slices = new ArrayList<>();
        try {
            int port = basePort;
            for (Map.Entry<String, Transport> e : servers.entrySet()) {
                ServerProcess p = ServerProcess.start(e.getKey(), e.getValue(), workload, port++, threads, serverCpus, jvmOpts,
                        out.resolve("server-" + fileName(e.getKey()) + ".log"));
                procs.add(p);
            }
            for (ServerProcess p : procs) {
                p.awaitListening(60_000);
                String bad = p.validate(3);
                if (bad != null) {
                    throw new IllegalStateException(p.label + " answers wrongly: " + bad);
                }
            }
            System.out.printf(Locale.ROOT, "%d servers up on cpus %s and answering correctly (3 pipelined requests each)%n",
                    procs.size(), serverCpus);
            PerfStat perf = perfWanted ? probePerf(procs.get(0)) : null;
            meta.put("syscall counting", perf != null ? "perf stat --per-thread -e " + PerfStat.SYSCALLS + " -p PID, "
                    + perfSliceSeconds + " s slice before each measured slice" : "n/a (" + (perfWanted ? "perf does not work here" : "--perf off") + ")");

            warmUp(procs);
            Path scratch = out.resolve("wrk.last.txt");
            // One generator for every round: Randoms seeded with nearby values start alike and kept the
            // same cell last in every round.
            Random shuffle = new Random(seed);
            for (int r = 0; r < rounds; r++) {
                List<Object[]> cells = new ArrayList<>();
                for (ServerProcess p : procs) {
                    for (int c : conns) {
                        cells.add(new Object[] {p, c});
                    }
                }
                Collections.shuffle(cells, shuffle);
                long roundStart = System.nanoTime();
                int order = 0;
                for (Object[] cell : cells) {
                    ServerProcess p = (ServerProcess) cell[0];
                    int c = (Integer) cell[1];
                    if (!p.isAlive()) {
                        continue;
                    }
                    Slice s = measure(p, c, r, order++, perf, scratch);
                    slices.add(s);
                    if (s.wrk.failure != null || s.wrk.errors() > 0 || !p.isAlive()) {
                        String msg = String.format(Locale.ROOT, "round %d: %s at %d connections: %s%s", r + 1, p.label, c,
                                s.wrk.errorSummary(), p.isAlive() ? "" : " -- the server DIED:\n" + p.logTail());
                        problems.add(msg);
                        System.out.println("  !! " + msg);
                    }
                }
                System.out.printf(Locale.ROOT, "round %d/%d done in %.0f s (load average %s)%n", r + 1, rounds,
                        (System.nanoTime() - roundStart) / 1e9, loadAverage());
                writeRaw(slices);
                writeMeta();
            }
        } finally {
            procs.forEach(ServerProcess::close);
        }
        Files.deleteIfExists(out.resolve("h2load.last.log")); // per-request rows, megabytes: raw.csv keeps the figures
        meta.put("load average at end", loadAverage());
        writeMeta();
        BenchReport report = new BenchReport(slices, new ArrayList<>(servers.keySet()), conns, servers, meta, problems,
                skipped);
        String text = report.text();
        System.out.println();
        System.out.println(text);
        Files.write(out.resolve("report.txt"), text.getBytes(StandardCharsets.UTF_8));
        Files.write(out.resolve("summary.csv"), report.summaryCsv().getBytes(StandardCharsets.UTF_8));
        writeRaw(slices);
        Files.write(out.resolve("chart.svg"), report.svg().getBytes(StandardCharsets.UTF_8));
        System.out.println("Wrote " + out.resolve("report.txt") + ", summary.csv, raw.csv and chart.svg");
    }

    private Slice measure(ServerProcess p, int c, int round, int order, PerfStat perf, Path scratch) throws Exception {
        Slice s = new Slice();
        s.round = round;
        s.order = order;
        s.label = p.label;
        s.conns = c;
        if (perf != null) {
            PerfStat.Session session = perf.start(p.pid(), out.resolve("perf.last.csv"));
            Thread.sleep(400); // perf attaches to every thread of the server before the load starts
            Wrk.Result pr = load.run("127.0.0.1", p.port, c, perfSliceSeconds, scratch);
            s.perf = session.stop();
            s.perfRequests = pr.failure == null ? pr.requests : 0;
            s.perfProblem = s.perf.problem;
            Thread.sleep(200);
        }
        s.loadAvg1 = loadAverage1();
        long t0 = p.cpuTicks();
        s.wrk = load.run("127.0.0.1", p.port, c, sliceSeconds, scratch);
        long t1 = p.isAlive() ? p.cpuTicks() : t0;
        s.cpuSeconds = (t1 - t0) / (double) BenchReport.clockTicksPerSecond();
        System.out.printf(Locale.ROOT, "  r%d %-20s c=%-4d %9.0f req/s  p50 %8.0f us  p99 %8.0f us  %5.2f sys/req  %6.2f us CPU/req%s%n",
                round + 1, p.label, c, s.rps(), s.wrk.p50Micros, s.wrk.p99Micros, s.syscallsPerRequest(),
                s.cpuMicrosPerRequest(), s.wrk.errors() > 0 ? "  errors: " + s.wrk.errorSummary() : "");
        return s;
    }

    private void warmUp(List<ServerProcess> procs) throws Exception {
        System.out.printf(Locale.ROOT, "warming up: %d s per server and connection count%n", warmupSeconds);
        Path scratch = out.resolve("wrk.warmup.txt");
        for (ServerProcess p : procs) {
            for (int c : conns) {
                Wrk.Result r = load.run("127.0.0.1", p.port, c, warmupSeconds, scratch);
                if (r.failure != null || r.errors() > 0) {
                    String msg = "warm-up of " + p.label + " at " + c + " connections: " + r.errorSummary();
                    problems.add(msg);
                    System.out.println("  !! " + msg);
                }
            }
            System.out.printf(Locale.ROOT, "  %-20s warm%n", p.label);
        }
    }

    /** Checks that perf counts the server's syscalls: null (reported as n/a) when it does not. */
    private PerfStat probePerf(ServerProcess p) throws Exception {
        PerfStat perf = new PerfStat(perfBin, loadCpus);
        try {
            PerfStat.Session session = perf.start(p.pid(), out.resolve("perf.probe.csv"));
            Thread.sleep(500);
            for (int i = 0; i < 20; i++) {
                p.validate(5);
            }
            PerfStat.Counts c = session.stop();
            if (c.problem != null || !(c.syscalls > 0)) {
                System.out.println("perf stat does not count " + PerfStat.SYSCALLS + " here: syscalls per request n/a ("
                        + (c.problem != null ? c.problem : "count " + c.syscalls) + ")");
                return null;
            }
            System.out.printf(Locale.ROOT, "perf stat works: %.0f syscalls for 100 requests on 20 connections%n", c.syscalls);
            return perf;
        } catch (IOException e) {
            System.out.println("perf is not usable (" + e.getMessage() + "): syscalls per request n/a;"
                    + " apt-get install -y linux-perf");
            return null;
        }
    }

    private void resolveServers() {
        resolveServers(transports, servers, skipped);
    }

    /** Fills {@code servers} (label: a repeated transport gets "#2", ...) with the available ones of {@code wanted}. */
    static void resolveServers(List<String> wanted, Map<String, Transport> servers, List<String> skipped) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String id : wanted) {
            Transport t = Transport.of(id);
            String reason = t.unavailabilityReason();
            if (reason != null) {
                skipped.add(t.id + ": " + reason);
                System.out.println("skipping " + t.id + ": " + reason);
                continue;
            }
            int n = seen.merge(t.id, 1, Integer::sum);
            servers.put(n == 1 ? t.id : t.id + "#" + n, t);
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no available transport among " + wanted);
        }
    }

    private void collectMeta() {
        meta.put("date", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        meta.put("machine", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + memTotal());
        meta.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        meta.put("netty", io.netty.util.Version.identify().getOrDefault("netty-transport",
                io.netty.util.Version.identify().values().iterator().next()).artifactVersion());
        meta.put("build", buildId());
        meta.put("uepoll default ring", io.uepoll.channel.Uepoll.isAvailable()
                ? io.uepoll.channel.Uepoll.defaultRing().name() : "n/a");
        meta.put("servers", String.join(", ", servers.keySet()) + " (cpus " + serverCpus + ", " + threads
                + " loop thread" + (threads == 1 ? "" : "s") + ", JVM " + String.join(" ", jvmOpts) + ")");
        meta.put("workload", workload.id + ": " + workload.description);
        meta.put("load", loadDescription + ", connections " + conns);
        meta.put("schedule", rounds + " rounds x " + sliceSeconds + " s measured slices, shuffled per round (seed "
                + seed + "), warm-up " + warmupSeconds + " s per server and connection count");
        meta.put("load average at start", loadAverage());
    }

    private void printMeta() {
        System.out.println("HTTP benchmark -> " + out.toAbsolutePath());
        meta.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        for (String s : skipped) {
            System.out.println("  skipped " + s);
        }
    }

    static final String RAW_HEADER = "round,order,transport,conns,requests,seconds,req_per_s,p50_us,p99_us,"
            + "cpu_s,cpu_us_per_req,perf_requests,syscalls,syscalls_per_req,ctx_switches,ctx_switches_per_req,"
            + "bytes_per_response,errors,failure,loadavg1,loop_syscalls,loop_syscalls_per_req";

    private void writeRaw(List<Slice> slices) throws IOException {
        StringBuilder sb = new StringBuilder(RAW_HEADER).append('\n');
        for (Slice s : slices) {
            sb.append(s.round + 1).append(',').append(s.order).append(',').append(s.label).append(',').append(s.conns)
              .append(',').append(s.wrk.requests).append(',').append(BenchReport.num(s.wrk.seconds, 3))
              .append(',').append(BenchReport.num(s.rps(), 1)).append(',').append(BenchReport.num(s.wrk.p50Micros, 1))
              .append(',').append(BenchReport.num(s.wrk.p99Micros, 1)).append(',').append(BenchReport.num(s.cpuSeconds, 3))
              .append(',').append(BenchReport.num(s.cpuMicrosPerRequest(), 3)).append(',').append(s.perfRequests)
              .append(',').append(s.perf == null ? "" : BenchReport.num(s.perf.syscalls, 0))
              .append(',').append(BenchReport.num(s.syscallsPerRequest(), 4))
              .append(',').append(s.perf == null ? "" : BenchReport.num(s.perf.contextSwitches, 0))
              .append(',').append(BenchReport.num(s.contextSwitchesPerRequest(), 4))
              .append(',').append(BenchReport.num(s.bytesPerResponse(), 1))
              .append(',').append(s.wrk.errors())
              .append(',').append(s.wrk.failure == null ? "" : '"' + s.wrk.failure.replace('"', '\'') + '"')
              .append(',').append(BenchReport.num(s.loadAvg1, 2))
              .append(',').append(s.perf == null ? "" : BenchReport.num(s.perf.loopSyscalls, 0))
              .append(',').append(BenchReport.num(s.loopSyscallsPerRequest(), 4)).append('\n');
        }
        Files.write(out.resolve("raw.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeMeta() throws IOException {
        MetaFile.write(out.resolve("meta.txt"), meta, Map.of("conns", conns.toString().replaceAll("[\\[\\] ]", "")),
                servers.keySet(), skipped, problems);
    }

    /** {@code http-report --in DIR}: renders report.txt, summary.csv and chart.svg again from raw.csv and meta.txt. */
    static void report(Path dir) throws IOException {
        MetaFile file = MetaFile.read(dir.resolve("meta.txt"));
        Map<String, String> meta = file.meta;
        List<String> labels = file.labels;
        List<String> skipped = file.skipped;
        List<String> problems = file.problems;
        List<Integer> conns = new ArrayList<>();
        Arrays.stream(meta.remove("conns").split(",")).map(Integer::parseInt).forEach(conns::add);
        Map<String, Transport> transports = new LinkedHashMap<>();
        for (String label : labels) {
            int hash = label.indexOf('#');
            transports.put(label, Transport.of(hash > 0 ? label.substring(0, hash) : label));
        }
        List<Slice> slices = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("raw.csv"));
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = csvFields(line);
            Slice s = new Slice();
            s.round = Integer.parseInt(f.get(0)) - 1;
            s.order = Integer.parseInt(f.get(1));
            s.label = f.get(2);
            s.conns = Integer.parseInt(f.get(3));
            s.wrk = new Wrk.Result();
            s.wrk.requests = Long.parseLong(f.get(4));
            s.wrk.seconds = dbl(f.get(5));
            s.wrk.p50Micros = dbl(f.get(7));
            s.wrk.p99Micros = dbl(f.get(8));
            s.cpuSeconds = dbl(f.get(9));
            s.perfRequests = Long.parseLong(f.get(11));
            if (!f.get(12).isEmpty()) {
                s.perf = new PerfStat.Counts();
                s.perf.syscalls = dbl(f.get(12));
                s.perf.contextSwitches = dbl(f.get(14));
            }
            s.wrk.bytesRead = dbl(f.get(16)) * s.wrk.requests;
            s.wrk.non2xx = Long.parseLong(f.get(17));
            s.wrk.failure = f.get(18).isEmpty() ? null : f.get(18);
            s.loadAvg1 = dbl(f.get(19));
            if (s.perf != null && f.size() > 20) {
                s.perf.loopSyscalls = dbl(f.get(20));
            }
            slices.add(s);
        }
        BenchReport report = new BenchReport(slices, labels, conns, transports, meta, problems, skipped);
        String text = report.text();
        System.out.println(text);
        Files.write(dir.resolve("report.txt"), text.getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("summary.csv"), report.summaryCsv().getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("chart.svg"), report.svg().getBytes(StandardCharsets.UTF_8));
        System.out.println("Wrote " + dir.resolve("report.txt") + ", summary.csv and chart.svg");
    }

    private static double dbl(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    static List<String> csvFields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    static String fileName(String label) {
        return label.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String loadAverage() {
        try {
            String[] f = new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.US_ASCII).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    static double loadAverage1() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The commit measured: $BENCH_COMMIT, else {@code git describe --always --dirty} here, else "unknown". */
    static String buildId() {
        String env = System.getenv("BENCH_COMMIT");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !s.isEmpty() ? "commit " + s : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignore) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    static String memTotal() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Math.round(kb / 1024.0 / 1024.0) + " GiB RAM";
                }
            }
        } catch (IOException | RuntimeException ignore) {
            // fall through
        }
        return "";
    }
}
