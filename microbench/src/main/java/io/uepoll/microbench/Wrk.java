package io.uepoll.microbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk --latency} pinned to the load cores and parses what it prints. */
final class Wrk implements LoadClient {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m|h)\\s*,\\s*([\\d.]+)(B|KB|MB|GB|TB) read");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([\\d.]+)");
    private static final Pattern IDLE_TICKS = Pattern.compile("^idle ticks: (\\d+)");
    /**
     * A wrk script that prints "idle ticks: N": the idle and iowait ticks of /proc/stat from when wrk
     * loads it (before its timed run starts) to its done() (after the run ended).
     */
    static final String IDLE_SCRIPT = String.join("\n",
            "local function idle()",
            "  local f = io.open('/proc/stat')",
            "  local line = f:read('*l')",
            "  f:close()",
            "  local n, sum = 0, 0",
            "  for v in line:gmatch('%d+') do",
            "    n = n + 1",
            "    if n == 4 or n == 5 then sum = sum + tonumber(v) end",
            "  end",
            "  return sum",
            "end",
            "local before = idle()",
            "function done(summary, latency, requests)",
            "  io.write(string.format('idle ticks: %d\\n', idle() - before))",
            "end",
            "");

    /** One wrk run. Latencies in microseconds; {@code failure} is non-null when wrk did not produce a result. */
    static final class Result {
        long requests;
        double seconds;
        /** wrk's "Requests/sec:" line: requests over its run time to the microsecond (NaN when absent). */
        double rate = Double.NaN;
        /** From {@link #IDLE_SCRIPT}; -1 without it. */
        long idleTicks = -1;
        double bytesRead;
        double p50Micros = Double.NaN;
        double p99Micros = Double.NaN;
        long connectErrors;
        long readErrors;
        long writeErrors;
        long timeouts;
        long non2xx;
        String failure;
        String rawOutput = "";

        double requestsPerSecond() {
            return seconds > 0 ? requests / seconds : 0;
        }

        long errors() {
            return connectErrors + readErrors + writeErrors + timeouts + non2xx;
        }

        String errorSummary() {
            if (failure != null) {
                return failure;
            }
            List<String> parts = new ArrayList<>();
            add(parts, "connect", connectErrors);
            add(parts, "read", readErrors);
            add(parts, "write", writeErrors);
            add(parts, "timeout", timeouts);
            add(parts, "non-2xx", non2xx);
            return String.join(" ", parts);
        }

        private static void add(List<String> parts, String name, long n) {
            if (n > 0) {
                parts.add(name + "=" + n);
            }
        }
    }

    private final String wrk;
    private final String loadCpus;
    private final int threads;
    private final Path script;
    /** A request header on every request ("Name: value"), or null. */
    private final String header;

    Wrk(String wrk, String loadCpus, int threads) {
        this(wrk, loadCpus, threads, null, null);
    }

    /**
     * With {@code script} (a wrk Lua script, e.g. {@link #IDLE_SCRIPT} written to a file) on every run, and
     * {@code header} on every request; either may be null.
     */
    Wrk(String wrk, String loadCpus, int threads, Path script, String header) {
        this.wrk = wrk;
        this.loadCpus = loadCpus;
        this.threads = threads;
        this.script = script;
        this.header = header;
    }

    /** Whether the wrk binary can be started at all. */
    static boolean isInstalled(String wrk) {
        try {
            Process p = new ProcessBuilder(wrk, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public Result run(String host, int port, int connections, double seconds, Path scratch)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (loadCpus != null && !loadCpus.isEmpty()) {
            cmd.add("taskset");
            cmd.add("-c");
            cmd.add(loadCpus);
        }
        int t = Math.max(1, Math.min(threads, connections));
        cmd.add(wrk);
        cmd.add("-t" + t);
        cmd.add("-c" + connections);
        cmd.add("-d" + formatSeconds(seconds));
        cmd.add("--timeout");
        cmd.add("2s");
        cmd.add("--latency");
        if (script != null) {
            cmd.add("-s");
            cmd.add(script.toString());
        }
        if (header != null) {
            cmd.add("-H");
            cmd.add(header);
        }
        cmd.add("http://" + host + ':' + port + '/');
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(scratch.toFile()).start();
        Result r;
        if (!p.waitFor((long) (seconds * 1000) + 20_000, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            r = new Result();
            r.failure = "wrk did not finish within " + formatSeconds(seconds + 20) + "s (server hang?)";
            r.rawOutput = read(scratch);
            return r;
        }
        r = parse(read(scratch));
        if (p.exitValue() != 0 && r.failure == null) {
            r.failure = "wrk exited with " + p.exitValue();
        }
        return r;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    }

    static Result parse(String out) {
        Result r = new Result();
        r.rawOutput = out;
        boolean sawRequests = false;
        boolean inDistribution = false;
        for (String line : out.split("\n")) {
            Matcher m = REQUESTS.matcher(line);
            if (m.find()) {
                r.requests = Long.parseLong(m.group(1));
                r.seconds = toMicros(Double.parseDouble(m.group(2)), m.group(3)) / 1e6;
                r.bytesRead = toBytes(Double.parseDouble(m.group(4)), m.group(5));
                sawRequests = true;
                inDistribution = false;
                continue;
            }
            if (line.contains("Latency Distribution")) {
                inDistribution = true;
                continue;
            }
            if (inDistribution) {
                m = PERCENTILE.matcher(line);
                if (m.find()) {
                    double pct = Double.parseDouble(m.group(1));
                    double micros = toMicros(Double.parseDouble(m.group(2)), m.group(3));
                    if (pct == 50.0) {
                        r.p50Micros = micros;
                    } else if (pct == 99.0) {
                        r.p99Micros = micros;
                    }
                    continue;
                }
                inDistribution = false;
            }
            m = SOCKET_ERRORS.matcher(line);
            if (m.find()) {
                r.connectErrors = Long.parseLong(m.group(1));
                r.readErrors = Long.parseLong(m.group(2));
                r.writeErrors = Long.parseLong(m.group(3));
                r.timeouts = Long.parseLong(m.group(4));
                continue;
            }
            m = NON_2XX.matcher(line);
            if (m.find()) {
                r.non2xx = Long.parseLong(m.group(1));
                continue;
            }
            m = RATE.matcher(line);
            if (m.find()) {
                r.rate = Double.parseDouble(m.group(1));
                continue;
            }
            m = IDLE_TICKS.matcher(line);
            if (m.find()) {
                r.idleTicks = Long.parseLong(m.group(1));
            }
        }
        if (!sawRequests) {
            r.failure = "could not parse wrk output: " + out.trim().replace('\n', ' ');
        }
        return r;
    }

    static double toMicros(double v, String unit) {
        switch (unit) {
            case "us": return v;
            case "ms": return v * 1e3;
            case "s": return v * 1e6;
            case "m": return v * 60e6;
            case "h": return v * 3600e6;
            default: throw new IllegalArgumentException("unit " + unit);
        }
    }

    private static double toBytes(double v, String unit) {
        switch (unit) {
            case "B": return v;
            case "KB": return v * 1024;
            case "MB": return v * 1024 * 1024;
            case "GB": return v * 1024 * 1024 * 1024;
            default: return v * 1024L * 1024 * 1024 * 1024;
        }
    }

    /** wrk takes whole seconds (units s, m, h only). */
    static String formatSeconds(double s) {
        return Math.max(1, Math.round(s)) + "s";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "wrk -t%d pinned to %s", threads, loadCpus);
    }
}
