package io.uepoll.microbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code perf stat -e raw_syscalls:sys_enter,context-switches -p PID}: counts every syscall the
 * server's threads enter (a Linux tracepoint; no hardware counters needed) and its context
 * switches, between {@link #start} and {@link Session#stop}.
 */
final class PerfStat {
    static final String SYSCALLS = "raw_syscalls:sys_enter";
    static final String CONTEXT_SWITCHES = "context-switches";
    private static final String SYS_ENTER = "syscalls:sys_enter_";

    /** Counts of one session; NaN where perf could not count. */
    static final class Counts {
        /** Every thread of the server process. */
        double syscalls = Double.NaN;
        double contextSwitches = Double.NaN;
        /**
         * Only the event-loop threads (named "http-..." by HelloWorldServer), without the syscalls that
         * set up and tear down wrk's connections (accept, setsockopt, close, ...): the request path.
         */
        double loopSyscalls = Double.NaN;
        /** Every syscall of the event-loop threads, connection set-up and tear-down included. */
        double loopAll = Double.NaN;
        /** The event-loop threads' count of each syscall asked for by name (sys_enter_NAME). */
        final java.util.Map<String, Double> loopByName = new java.util.TreeMap<>();
        String problem;
    }

    /** Syscalls a server makes per connection, not per request: left out of the loop's request-path count. */
    static final String[] CONNECTION_SYSCALLS = {
        "accept", "accept4", "close", "setsockopt", "getsockopt", "getsockname", "getpeername", "fcntl", "shutdown"};

    /** Thread-name prefix of the servers' event-loop threads (DefaultThreadFactory("http-" + transport)). */
    static final String LOOP_THREAD_PREFIX = "http-";

    private final String perf;
    private final String cpus;

    PerfStat(String perf, String cpus) {
        this.perf = perf;
        this.cpus = cpus;
    }

    final class Session {
        private final Process process;
        private final Path output;
        /** When set, the one thread counted as the loop (else every thread named {@link #LOOP_THREAD_PREFIX}...). */
        private long loopTid;

        Session(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        /** Counts only the thread {@code tid} as the event loop. */
        Session onlyLoopThread(long tid) {
            loopTid = tid;
            return this;
        }

        /** Stops counting (SIGINT: perf prints its totals) and returns the counts. */
        Counts stop() throws IOException, InterruptedException {
            Counts c = new Counts();
            if (process.isAlive()) {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                c.problem = "perf did not stop on SIGINT";
                return c;
            }
            String out = Files.exists(output) ? new String(Files.readAllBytes(output), StandardCharsets.UTF_8) : "";
            parse(out, loopTid, c);
            return c;
        }
    }

    /**
     * Adds perf's {@code --per-thread} CSV ({@code comm-tid,value,unit,event,...}) to {@code c}: the loop is
     * thread {@code loopTid}, or (0) every thread named {@link #LOOP_THREAD_PREFIX}...
     */
    static void parse(String out, long loopTid, Counts c) {
        for (String line : out.split("\n")) {
            String[] f = line.split(",");
            if (f.length < 4 || line.startsWith("#")) {
                continue;
            }
            double v = parseCount(f[1]);
            if (Double.isNaN(v)) {
                continue;
            }
            boolean loop = loopTid > 0 ? f[0].endsWith("-" + loopTid) : f[0].startsWith(LOOP_THREAD_PREFIX);
            if (f[3].startsWith(SYSCALLS)) {
                c.syscalls = add(c.syscalls, v);
                if (loop) {
                    c.loopSyscalls = add(c.loopSyscalls, v);
                    c.loopAll = add(c.loopAll, v);
                }
            } else if (f[3].startsWith(SYS_ENTER)) {
                String name = f[3].substring(SYS_ENTER.length());
                if (loop) {
                    c.loopByName.merge(name, v, Double::sum);
                    if (Arrays.asList(CONNECTION_SYSCALLS).contains(name)) {
                        c.loopSyscalls = add(c.loopSyscalls, -v);
                    }
                }
            } else if (f[3].startsWith(CONTEXT_SWITCHES)) {
                c.contextSwitches = add(c.contextSwitches, v);
            }
        }
        if (Double.isNaN(c.syscalls)) {
            c.problem = "perf gave no " + SYSCALLS + " count: " + out.trim().replace('\n', ' ');
        }
    }

    private static double add(double sum, double v) {
        return Double.isNaN(sum) ? v : sum + v;
    }

    /** "&lt;not counted&gt;" means the counted threads never ran: zero events. */
    private static double parseCount(String s) {
        s = s.trim();
        if (s.equals("<not counted>")) {
            return 0;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Counts {@code pid}'s syscalls, and each of {@link #CONNECTION_SYSCALLS} and {@code more} by name, per thread. */
    Session start(long pid, Path output, String... more) throws IOException {
        Files.deleteIfExists(output);
        List<String> cmd = new ArrayList<>();
        if (cpus != null && !cpus.isEmpty()) {
            cmd.add("taskset");
            cmd.add("-c");
            cmd.add(cpus);
        }
        cmd.add(perf);
        cmd.add("stat");
        cmd.add("--per-thread");
        cmd.add("-x,");
        cmd.add("-o");
        cmd.add(output.toString());
        cmd.add("-e");
        StringBuilder events = new StringBuilder(SYSCALLS).append(',').append(CONTEXT_SWITCHES);
        java.util.Set<String> names = new java.util.LinkedHashSet<>(Arrays.asList(CONNECTION_SYSCALLS));
        names.addAll(Arrays.asList(more));
        for (String name : names) {
            if (Files.isDirectory(Path.of("/sys/kernel/tracing/events/syscalls/sys_enter_" + name))
                    || Files.isDirectory(Path.of("/sys/kernel/debug/tracing/events/syscalls/sys_enter_" + name))) {
                events.append(',').append(SYS_ENTER).append(name);
            }
        }
        cmd.add(events.toString());
        cmd.add("-p");
        cmd.add(Long.toString(pid));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(output.resolveSibling(output.getFileName() + ".log").toFile()).start();
        return new Session(p, output);
    }
}
