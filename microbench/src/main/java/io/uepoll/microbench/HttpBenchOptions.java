package io.uepoll.microbench;

import joptsimple.OptionSet;
import joptsimple.OptionSpec;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** The flags of {@code http-bench} (also {@code bench/http-bench.sh}), read into final fields. */
final class HttpBenchOptions {
    static final String DEFAULT_TRANSPORTS =
            "epoll,epoll,io_uring,io_uring-bufring,uepoll-io_uring,uepoll-io_uring-oneshot,uepoll-io_uring-direct,uepoll-epoll_wait,uepoll-userpoll,uepoll-userpoll-direct";
    static final String DEFAULT_JVM_OPTS = "-Xms512m -Xmx512m -XX:+UseSerialGC -Dio.netty.leakDetection.level=disabled";

    private static final CommandLine CLI = new CommandLine(
            "http-bench [options]    (or bench/http-bench.sh [options]): every server in its own JVM, wrk "
                    + "(h2load for h2c) against it");
    private static final OptionSpec<Void> QUICK = CLI.parser.accepts("quick",
            "smoke run: 2 rounds of 2 s slices, 1 s perf slices and warm-up");
    private static final OptionSpec<Integer> ROUNDS = CLI.positiveInt("rounds", "rounds of shuffled slices (default 8; --quick: 2)");
    private static final OptionSpec<Integer> SLICE = CLI.positiveInt("slice",
            "seconds of each measured wrk slice (default 3; --quick: 2)");
    private static final OptionSpec<Integer> PERF_SLICE = CLI.positiveInt("perf-slice",
            "seconds of the perf-stat slice before each measured slice (default 2; --quick: 1)");
    private static final OptionSpec<Integer> WARMUP = CLI.positiveInt("warmup",
            "seconds of warm-up load per server and connection count (default 4; --quick: 1)");
    private static final OptionSpec<Integer> CONNS = CLI.parser.accepts("conns", "connection counts")
            .withRequiredArg().withValuesConvertedBy(CommandLine.intRange(1, 1_000_000)).withValuesSeparatedBy(',')
            .defaultsTo(1, 16, 64, 256);
    private static final OptionSpec<String> TRANSPORTS = CLI.transports(DEFAULT_TRANSPORTS);
    private static final OptionSpec<String> SERVER_CPUS = CLI.text("server-cpus", "taskset cpu list for the servers", "LIST", "0");
    private static final OptionSpec<String> LOAD_CPUS = CLI.text("load-cpus", "taskset cpu list for wrk and perf", "LIST", "1");
    private static final OptionSpec<Integer> THREADS = CLI.parser.accepts("threads",
                    "event-loop threads per server (above 1, uepoll servers accept on every loop: SO_REUSEPORT; "
                            + "Netty's on one)")
            .withRequiredArg().withValuesConvertedBy(CommandLine.intRange(1, 4096)).defaultsTo(1);
    private static final OptionSpec<Integer> WRK_THREADS = CLI.parser.accepts("wrk-threads", "wrk threads")
            .withRequiredArg().withValuesConvertedBy(CommandLine.intRange(1, 4096)).defaultsTo(1);
    private static final OptionSpec<String> JVM_OPTS = CLI.text("jvm-opts", "server JVM options, one string", "\"...\"", DEFAULT_JVM_OPTS);
    private static final OptionSpec<String> PERF = CLI.parser.accepts("perf",
                    "syscall counting with perf stat (auto: n/a when it does not work)")
            .withRequiredArg().withValuesConvertedBy(CommandLine.oneOf("auto", "off")).defaultsTo("auto");
    private static final OptionSpec<String> OUT = CLI.parser.accepts("out", "output directory (default bench-results/<date>_<time>)")
            .withRequiredArg().withValuesConvertedBy(CommandLine.text("DIR"));
    private static final OptionSpec<Workload> WORKLOAD = CLI.workload();
    private static final OptionSpec<Integer> STREAMS = CLI.positiveInt("streams",
            "concurrent streams per connection of workload h2c (h2load -m; default 1)");
    private static final OptionSpec<String> H2LOAD = CLI.text("h2load", "the h2load binary (workload h2c)", "PATH", "h2load");
    private static final OptionSpec<Integer> PORT = CLI.port(18080);
    private static final OptionSpec<Long> SEED = CLI.seed();
    private static final OptionSpec<String> WRK = CLI.text("wrk", "the wrk binary", "PATH", "wrk");
    private static final OptionSpec<String> PERF_BIN = CLI.text("perf-bin", "the perf binary", "PATH", "perf");

    final int rounds;
    final int sliceSeconds;
    final int perfSliceSeconds;
    final int warmupSeconds;
    final List<Integer> conns;
    final List<String> transports;
    final String serverCpus;
    final String loadCpus;
    final int threads;
    final int wrkThreads;
    final List<String> jvmOpts;
    final boolean perfWanted;
    final Path out;
    final int basePort;
    final long seed;
    final String wrkBin;
    final String perfBin;
    final Workload workload;
    final int streams;
    final String h2loadBin;

    private HttpBenchOptions(OptionSet set) {
        boolean quick = set.has(QUICK);
        rounds = CommandLine.orDefault(set, ROUNDS, quick ? 2 : 8);
        sliceSeconds = CommandLine.orDefault(set, SLICE, quick ? 2 : 3);
        perfSliceSeconds = CommandLine.orDefault(set, PERF_SLICE, quick ? 1 : 2);
        warmupSeconds = CommandLine.orDefault(set, WARMUP, quick ? 1 : 4);
        conns = List.copyOf(CONNS.values(set));
        transports = set.has(TRANSPORTS) ? List.copyOf(TRANSPORTS.values(set)) : Arrays.asList(DEFAULT_TRANSPORTS.split(","));
        serverCpus = SERVER_CPUS.value(set);
        loadCpus = LOAD_CPUS.value(set);
        threads = THREADS.value(set);
        wrkThreads = WRK_THREADS.value(set);
        jvmOpts = Arrays.asList(JVM_OPTS.value(set).trim().split("\\s+"));
        perfWanted = !"off".equals(PERF.value(set));
        out = set.has(OUT) ? Paths.get(OUT.value(set))
                : Paths.get("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss")));
        basePort = PORT.value(set);
        seed = set.has(SEED) ? SEED.value(set) : new Random().nextInt(1_000_000);
        wrkBin = WRK.value(set);
        perfBin = PERF_BIN.value(set);
        workload = WORKLOAD.value(set);
        streams = CommandLine.orDefault(set, STREAMS, 1);
        if (set.has(STREAMS) && workload != Workload.H2C) {
            throw CLI.error("--streams is for --workload h2c (HTTP/1.1 has one request in flight per connection)");
        }
        h2loadBin = H2LOAD.value(set);
    }

    /** Empty when {@code --help} was asked. */
    static Optional<HttpBenchOptions> parse(String[] args) {
        return CLI.parse(args, HttpBenchOptions::new);
    }

    static String usage() {
        return CLI.usage();
    }
}
