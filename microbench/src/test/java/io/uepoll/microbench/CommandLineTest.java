package io.uepoll.microbench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The jar's command lines: the flags the scripts and the README pass, and what bad ones give. Nothing is started. */
class CommandLineTest {

    @Test
    void serverDefaults() {
        ServerCommand.Options o = ServerCommand.parse(new String[0]).orElseThrow();
        assertEquals(new ServerCommand.Options(Transport.UEPOLL, "0.0.0.0", 8080,
                Runtime.getRuntime().availableProcessors(), null), o);
    }

    @Test
    void serverTakesTheFlagsOfTheBenchmarkAndTheScripts() {
        // ServerProcess (http-bench), bench/profile-server.sh and bench/syscall-breakdown.sh pass these.
        List<String> args = ServerProcess.serverArgs(Transport.UEPOLL_EPOLL_WAIT, 18081, 3);
        assertEquals(new ServerCommand.Options(Transport.UEPOLL_EPOLL_WAIT, "127.0.0.1", 18081, 3, null),
                ServerCommand.parse(args.toArray(new String[0])).orElseThrow());
        ServerCommand.Options readme = ServerCommand.parse(new String[] {"--port", "9090", "--ring", "io_uring",
                "--threads=2", "--transport", "epoll"}).orElseThrow();
        assertEquals(new ServerCommand.Options(Transport.EPOLL, "0.0.0.0", 9090, 2, "io_uring"), readme);
    }

    @Test
    void serverHelpIsNotAnError() {
        assertTrue(ServerCommand.parse(new String[] {"--help"}).isEmpty());
        Run r = run("server", "--help");
        assertEquals(0, r.status);
        assertTrue(r.out.contains("--threads") && r.out.contains("--ring"), r.out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus-flag", "--port notanumber", "--port 70000", "--port", "--threads 0",
            "--thread 2", "--transport kqueue", "--ring foo", "8080"})
    void badServerFlagsAreOneLineAndTheUsage(String flags) {
        Run r = run(("server " + flags).split(" "));
        assertEquals(2, r.status, r.err);
        String[] lines = r.err.split("\n");
        assertTrue(lines[0].startsWith("server: "), lines[0]);
        assertTrue(lines[1].startsWith("server [options]"), r.err);
        assertTrue(r.err.contains("--threads") && r.err.contains("--transport"), "the usage follows: " + r.err);
        assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), "no stack trace: " + r.err);
        assertEquals("", r.out);
    }

    @Test
    void theErrorSaysWhatWasWrong() {
        assertTrue(run("server", "--bogus-flag").err.startsWith("server: bogus-flag is not a recognized option\n"));
        assertTrue(run("server", "--port", "notanumber").err
                .startsWith("server: Cannot parse argument 'notanumber' of option port: expected an integer from 0 to 65535\n"));
        assertTrue(run("server", "--transport", "kqueue").err.contains("known: nio, epoll"));
    }

    @Test
    void unknownCommandListsEveryCommand() {
        Run r = run("serve");
        assertEquals(2, r.status);
        assertTrue(r.err.startsWith("unknown command 'serve'\n"), r.err);
        for (String s : List.of("server", "--threads", "http-bench", "http-report --in DIR", "jmh")) {
            assertTrue(r.err.contains(s), s + " in " + r.err);
        }
        assertEquals(0, run("--help").status);
    }

    @Test
    void httpBenchQuickAndItsOverrides() {
        HttpBenchOptions quick = bench("--quick");
        assertEquals(List.of(2, 2, 1, 1), List.of(quick.rounds, quick.sliceSeconds, quick.perfSliceSeconds, quick.warmupSeconds));
        HttpBenchOptions full = bench();
        assertEquals(List.of(8, 3, 2, 4), List.of(full.rounds, full.sliceSeconds, full.perfSliceSeconds, full.warmupSeconds));
        assertEquals(List.of(1, 16, 64, 256), full.conns);
        assertEquals(List.of(HttpBenchOptions.DEFAULT_TRANSPORTS.split(",")), full.transports);
        assertEquals(18080, full.basePort);
        assertTrue(full.perfWanted);
        assertEquals(5, bench("--quick", "--rounds", "5").rounds);
    }

    @Test
    void httpBenchValues() {
        HttpBenchOptions o = bench("--conns", "1,16", "--transports", "epoll,epoll,uepoll-io_uring", "--jvm-opts",
                "-Xmx1g -Xms1g", "--perf", "off", "--seed", "42", "--out", "/tmp/x", "--server-cpus", "0-1",
                "--load-cpus", "2", "--threads", "2", "--wrk-threads", "3", "--port", "19000", "--wrk", "/opt/wrk",
                "--perf-bin", "/opt/perf", "--slice", "4", "--perf-slice", "1", "--warmup", "2");
        assertEquals(List.of(1, 16), o.conns);
        assertEquals(List.of("epoll", "epoll", "uepoll-io_uring"), o.transports);
        assertEquals(List.of("-Xmx1g", "-Xms1g"), o.jvmOpts, "a value may start with a dash");
        assertFalse(o.perfWanted);
        assertEquals(42, o.seed);
        assertEquals(Path.of("/tmp/x"), o.out);
        assertEquals("0-1", o.serverCpus);
        assertEquals("2", o.loadCpus);
        assertEquals(2, o.threads);
        assertEquals(3, o.wrkThreads);
        assertEquals(19000, o.basePort);
        assertEquals("/opt/wrk", o.wrkBin);
        assertEquals("/opt/perf", o.perfBin);
        assertEquals(List.of(4, 1, 2), List.of(o.sliceSeconds, o.perfSliceSeconds, o.warmupSeconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus-flag", "--rounds 0", "--conns 1,x", "--transports epoll,kqueue", "--perf maybe",
            "--seed x", "--quick yes"})
    void badHttpBenchFlagsAreOneLineAndTheUsage(String flags) {
        Run r = run(("http-bench " + flags).split(" "));
        assertEquals(2, r.status, r.err);
        assertTrue(r.err.startsWith("http-bench: "), r.err);
        assertTrue(r.err.contains("--transports"), "the usage follows: " + r.err);
        assertFalse(r.err.contains("\tat "), r.err);
    }

    @Test
    void httpReportNeedsABenchDirectory() {
        Run r = run("http-report", "--in", "/nonexistent-dir");
        assertEquals(2, r.status);
        assertTrue(r.err.startsWith("http-report: --in /nonexistent-dir has no raw.csv"), r.err);
        assertEquals(2, run("http-report", "--out", "x").status);
        assertEquals(0, run("http-report", "--help").status);
    }

    private static HttpBenchOptions bench(String... args) {
        return HttpBenchOptions.parse(args).orElseThrow();
    }

    /** Main's exit status and what it printed. */
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int status = Main.run(args, o, e);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
