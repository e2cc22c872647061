package io.uepoll.microbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code h2load --h1 --rps} (Debian's nghttp2-client) pinned to the load cores: each of the
 * connections sends its share of a fixed request rate, whatever the server's speed. Latency
 * percentiles are computed here from h2load's per-request log ({@code --log-file}: start time,
 * status, microseconds to the end of the response), because h2load itself prints only min, max,
 * mean and standard deviation.
 */
final class H2load {
    /** One fixed-rate run. Latencies in microseconds; {@code failure} is non-null when h2load gave no result. */
    static final class Result {
        double offered;
        double seconds;
        long succeeded;
        long failed;
        double p50Micros = Double.NaN;
        double p99Micros = Double.NaN;
        double p999Micros = Double.NaN;
        String failure;

        double achieved() {
            return seconds > 0 ? succeeded / seconds : Double.NaN;
        }

        /** Whether the server answered at least {@code share} of the offered rate. */
        boolean sustained(double share) {
            return failure == null && achieved() >= share * offered;
        }

        long errors() {
            return failed;
        }
    }

    private final String h2load;
    private final String loadCpus;

    H2load(String h2load, String loadCpus) {
        this.h2load = h2load;
        this.loadCpus = loadCpus;
    }

    /** Whether the h2load binary can be started at all. */
    static boolean isInstalled(String h2load) {
        try {
            Process p = new ProcessBuilder(h2load, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code rate} requests per second in all over {@code connections} connections for
     * {@code seconds}; {@code scratch} receives h2load's output, {@code log} its per-request log.
     */
    Result run(String host, int port, int connections, double rate, int seconds, Path scratch, Path log)
            throws IOException, InterruptedException {
        List<String> args = List.of("--h1", "-m1", String.format(Locale.ROOT, "--rps=%.3f", rate / connections));
        Result r = execute(args, host, port, connections, seconds, scratch, log);
        r.offered = rate;
        return r;
    }

    /**
     * As many HTTP/2 requests as the server answers ({@code streams} in flight per connection) for
     * {@code seconds}, in the shape of a wrk result (http-bench's closed-loop load).
     */
    Wrk.Result saturate(String host, int port, int connections, int streams, int seconds, Path scratch, Path log)
            throws IOException, InterruptedException {
        Result h = execute(List.of("-m" + streams), host, port, connections, seconds, scratch, log);
        Wrk.Result r = new Wrk.Result();
        r.failure = h.failure;
        r.requests = h.succeeded;
        r.seconds = h.seconds;
        r.bytesRead = Double.NaN; // h2load's traffic line counts frames and headers: not comparable with wrk's
        r.p50Micros = h.p50Micros;
        r.p99Micros = h.p99Micros;
        r.non2xx = h.failed;
        r.rawOutput = Files.exists(scratch) ? Files.readString(scratch, StandardCharsets.UTF_8) : "";
        return r;
    }

    private Result execute(List<String> mode, String host, int port, int connections, int seconds, Path scratch,
                           Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (loadCpus != null && !loadCpus.isEmpty()) {
            cmd.addAll(List.of("taskset", "-c", loadCpus));
        }
        cmd.addAll(List.of(h2load, "-t1", "-c" + connections));
        cmd.addAll(mode);
        cmd.addAll(List.of("-D", Integer.toString(seconds), "--log-file=" + log, "http://" + host + ':' + port + '/'));
        Files.deleteIfExists(log);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(scratch.toFile()).start();
        Result r = new Result();
        r.seconds = seconds;
        // h2load has been seen to hang after "Stopped all clients" against a server that closes connections.
        if (!p.waitFor(seconds * 1000L + 15_000, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            r.failure = "h2load did not finish within " + (seconds + 15) + " s";
            return r;
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(log)) {
            r.failure = "h2load exited with " + p.exitValue() + ": "
                    + new String(Files.readAllBytes(scratch), StandardCharsets.UTF_8).trim().replace('\n', ' ');
            return r;
        }
        return parseLog(Files.readAllLines(log, StandardCharsets.US_ASCII), r);
    }

    /** Fills {@code r} from the rows of h2load's per-request log: start us, status (-1: failed), duration us. */
    static Result parseLog(List<String> rows, Result r) {
        long[] durations = new long[rows.size()];
        int n = 0;
        for (String row : rows) {
            if (row.isBlank()) {
                continue;
            }
            String[] f = row.trim().split("\\s+");
            if (f.length < 3) {
                throw new IllegalArgumentException("h2load log row with fewer than 3 columns: '" + row + "'");
            }
            int status = Integer.parseInt(f[1]);
            if (status >= 200 && status < 300) {
                durations[n++] = Long.parseLong(f[2]);
            } else {
                r.failed++;
            }
        }
        r.succeeded = n;
        long[] sorted = Arrays.copyOf(durations, n);
        Arrays.sort(sorted);
        r.p50Micros = percentile(sorted, 50);
        r.p99Micros = percentile(sorted, 99);
        r.p999Micros = percentile(sorted, 99.9);
        return r;
    }

    /**
     * Nearest-rank percentile of ascending {@code sorted}: the smallest value that at least
     * {@code pct}% of the values do not exceed; NaN when empty.
     */
    static double percentile(long[] sorted, double pct) {
        if (!(pct > 0 && pct <= 100)) {
            throw new IllegalArgumentException("percentile " + pct + " is not in (0, 100]");
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(pct / 100 * sorted.length - 1e-9);
        return sorted[Math.max(1, rank) - 1];
    }

    @Override
    public String toString() {
        return "h2load --h1 -t1 -m1 --rps pinned to " + loadCpus;
    }
}
