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

/** The flags of {@code load-bench} (also {@code bench/load-bench.sh}), read into final fields. */
final class LoadBenchOptions {
    static final String DEFAULT_TRANSPORTS =
            "epoll,epoll,io_uring,io_uring-bufring,uepoll-io_uring,uepoll-io_uring-direct,uepoll-io_uring-spin,uepoll-epoll_wait,uepoll-userpoll";

    private static final CommandLine CLI = new CommandLine(
            "load-bench [options]    (or bench/load-bench.sh [options]): fixed request rates (h2load --rps) at fractions"
                    + " of Netty epoll's saturated throughput, every server at the same rate");
    private static final OptionSpec<Void> QUICK = CLI.parser.accepts("quick",
            "smoke run: 2 rounds of 2 s slices, 1 s warm-up");
    private static final OptionSpec<Integer> ROUNDS = CLI.positiveInt("rounds", "rounds of shuffled slices (default 5; --quick: 2)");
    private static final OptionSpec<Integer> SLICE = CLI.positiveInt("slice",
            "seconds of each measured fixed-rate slice (default 5; --quick: 2)");
    private static final OptionSpec<Integer> SATURATION = CLI.positiveInt("saturation-slice",
            "seconds of the wrk run that measures Netty epoll's saturated req/s (default 5; --quick: 2)");
    private static final OptionSpec<Integer> WARMUP = CLI.positiveInt("warmup",
            "seconds of warm-up load per server and connection count (default 3; --quick: 1)");
    private static final OptionSpec<Integer> FRACTIONS = CLI.parser.accepts("fractions",
                    "offered rates in percent of Netty epoll's saturated req/s")
            .withRequiredArg().withValuesConvertedBy(CommandLine.intRange(1, 100)).withValuesSeparatedBy(',')
            .defaultsTo(25, 50, 75);
    private static final OptionSpec<Integer> CONNS = CLI.parser.accepts("conns", "connection counts")
            .withRequiredArg().withValuesConvertedBy(CommandLine.intRange(1, 10_000)).withValuesSeparatedBy(',')
            .defaultsTo(1, 16);
    private static final OptionSpec<String> TRANSPORTS = CLI.transports(DEFAULT_TRANSPORTS);
    private static final OptionSpec<String> SERVER_CPUS = CLI.text("server-cpus", "taskset cpu list for the servers", "LIST", "0");
    private static final OptionSpec<String> LOAD_CPUS = CLI.text("load-cpus", "taskset cpu list for h2load and wrk", "LIST", "1");
    private static final OptionSpec<Integer> THREADS = CLI.parser.accepts("threads", "event-loop threads per server")
            .withRequiredArg().withValuesConvertedBy(CommandLine.intRange(1, 4096)).defaultsTo(1);
    private static final OptionSpec<String> JVM_OPTS = CLI.text("jvm-opts", "server JVM options, one string", "\"...\"", HttpBenchOptions.DEFAULT_JVM_OPTS);
    private static final OptionSpec<String> OUT = CLI.parser.accepts("out",
                    "output directory (default bench-results/load-<date>_<time>)")
            .withRequiredArg().withValuesConvertedBy(CommandLine.text("DIR"));
    private static final OptionSpec<Workload> WORKLOAD = CLI.workload();
    private static final OptionSpec<Integer> PORT = CLI.port(18180);
    private static final OptionSpec<Long> SEED = CLI.seed();
    private static final OptionSpec<String> WRK = CLI.text("wrk", "the wrk binary (saturation and warm-up)", "PATH", "wrk");
    private static final OptionSpec<String> H2LOAD = CLI.text("h2load", "the h2load binary (fixed-rate slices)", "PATH", "h2load");

    final boolean quick;
    final int rounds;
    final int sliceSeconds;
    final int saturationSeconds;
    final int warmupSeconds;
    final List<Integer> fractions;
    final List<Integer> conns;
    final List<String> transports;
    final String serverCpus;
    final String loadCpus;
    final int threads;
    final List<String> jvmOpts;
    final Path out;
    final int basePort;
    final long seed;
    final String wrkBin;
    final String h2loadBin;
    final Workload workload;

    private LoadBenchOptions(OptionSet set) {
        quick = set.has(QUICK);
        rounds = CommandLine.orDefault(set, ROUNDS, quick ? 2 : 5);
        sliceSeconds = CommandLine.orDefault(set, SLICE, quick ? 2 : 5);
        saturationSeconds = CommandLine.orDefault(set, SATURATION, quick ? 2 : 5);
        warmupSeconds = CommandLine.orDefault(set, WARMUP, quick ? 1 : 3);
        fractions = List.copyOf(FRACTIONS.values(set));
        conns = List.copyOf(CONNS.values(set));
        transports = set.has(TRANSPORTS) ? List.copyOf(TRANSPORTS.values(set)) : Arrays.asList(DEFAULT_TRANSPORTS.split(","));
        serverCpus = SERVER_CPUS.value(set);
        loadCpus = LOAD_CPUS.value(set);
        threads = THREADS.value(set);
        jvmOpts = Arrays.asList(JVM_OPTS.value(set).trim().split("\\s+"));
        out = set.has(OUT) ? Paths.get(OUT.value(set)) : Paths.get("bench-results",
                "load-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss")));
        basePort = PORT.value(set);
        seed = set.has(SEED) ? SEED.value(set) : new Random().nextInt(1_000_000);
        wrkBin = WRK.value(set);
        h2loadBin = H2LOAD.value(set);
        workload = WORKLOAD.value(set);
        if (workload == Workload.H2C || workload == Workload.CLOSE) {
            // The rates are fractions of Netty epoll's keep-alive throughput; the load client speaks HTTP/1.1
            // on connections it keeps.
            throw CLI.error("--workload " + workload.id + " is measured by http-bench (saturated); load-bench takes "
                    + Workload.HELLO.id + " or " + Workload.EXECUTOR.id);
        }
        if (!transports.contains(HttpBench.REFERENCE)) {
            throw CLI.error("--transports must include " + HttpBench.REFERENCE
                    + ": the rates are fractions of its saturated throughput and every ratio is against it");
        }
        if (fractions.stream().distinct().count() != fractions.size() || conns.stream().distinct().count() != conns.size()) {
            throw CLI.error("--fractions and --conns take each value once");
        }
    }

    /** Empty when {@code --help} was asked. */
    static Optional<LoadBenchOptions> parse(String[] args) {
        return CLI.parse(args, LoadBenchOptions::new);
    }

    static String usage() {
        return CLI.usage();
    }
}
