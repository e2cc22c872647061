package io.uepoll.microbench;

import joptsimple.OptionSpec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of the benchmark jar: {@link #USAGE}. Exit status 2 for a command line that cannot
 * run (the reason in one line, then the usage), 1 for a server that cannot start.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: java -jar uepoll-bench.jar COMMAND [options]    (COMMAND --help: all its options)",
            "  server [--port 8080] [--host 0.0.0.0] [--threads N] [--transport uepoll] [--ring auto]  (the default)",
            "  http-bench [--quick] [--rounds 8] [--slice 3] [--conns 1,16,64,256] [--transports LIST] [--out DIR] ...",
            "  load-bench [--quick] [--rounds 5] [--slice 5] [--conns 1,16] [--fractions 25,50,75] [--out DIR] ...",
            "  http-report --in DIR      (renders report.txt, summary.csv, chart.svg again from DIR/raw.csv)",
            "  connect-bench [--quick] [--connections 2000] [--rounds 5] [--transports LIST] [--out DIR]  (client syscalls per connection)",
            "  guest-bench [--quick] [--rounds 5] [--window 3] [--out DIR] ...  (inside kernel/guest-bench.sh's guest)",
            "  guest-report --in DIR     (report.txt, summary.csv, chart.svg from a guest-bench's raw.csv and meta.txt)",
            "  jmh [JMH options]         (JMH's own command line, e.g. jmh Harvest -p ring=IO_URING)");

    private static final CommandLine REPORT = new CommandLine(
            "http-report --in DIR: renders report.txt, summary.csv and chart.svg again from DIR/raw.csv and meta.txt");
    private static final OptionSpec<String> REPORT_IN = REPORT.parser.accepts("in", "an http-bench output directory")
            .withRequiredArg().withValuesConvertedBy(CommandLine.text("DIR")).defaultsTo(".");
    private static final CommandLine GUEST_REPORT = new CommandLine(
            "guest-report --in DIR: report.txt, summary.csv and chart.svg from a guest-bench's raw.csv and meta.txt");
    private static final OptionSpec<String> GUEST_REPORT_IN = GUEST_REPORT.parser.accepts("in",
            "a guest-bench output directory").withRequiredArg().withValuesConvertedBy(CommandLine.text("DIR")).defaultsTo(".");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs one command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String command = args.length == 0 ? "server" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "server":
                    return ServerCommand.run(rest, out, err);
                case "http-bench":
                    return httpBench(rest, out);
                case "load-bench":
                    return loadBench(rest, out);
                case "http-report":
                    return httpReport(rest, out);
                case "connect-bench":
                    return ConnectBench.main(rest, out);
                case "guest-bench":
                    return GuestBench.main(rest, out);
                case "guest-report":
                    return guestReport(rest, out);
                case "jmh":
                    org.openjdk.jmh.Main.main(JmhDefaults.apply(rest));
                    return 0;
                case "--help":
                case "help":
                    out.println(USAGE);
                    return 0;
                default:
                    err.println("unknown command '" + command + "'");
                    err.println(USAGE);
                    return 2;
            }
        } catch (UsageException e) {
            err.println(command + ": " + e.getMessage());
            err.println(e.usage);
            return 2;
        }
    }

    private static int httpBench(String[] args, PrintStream out) throws Exception {
        Optional<HttpBenchOptions> options = HttpBenchOptions.parse(args);
        if (options.isEmpty()) {
            out.println(HttpBenchOptions.usage());
            return 0;
        }
        new HttpBench(options.get()).run();
        return 0;
    }

    private static int loadBench(String[] args, PrintStream out) throws Exception {
        Optional<LoadBenchOptions> options = LoadBenchOptions.parse(args);
        if (options.isEmpty()) {
            out.println(LoadBenchOptions.usage());
            return 0;
        }
        new LoadBench(options.get()).run();
        return 0;
    }

    private static int httpReport(String[] args, PrintStream out) throws Exception {
        Optional<Path> dir = reportDir(REPORT, REPORT_IN, args, out, "http-bench");
        if (dir.isPresent()) {
            HttpBench.report(dir.get());
        }
        return 0;
    }

    private static int guestReport(String[] args, PrintStream out) throws Exception {
        Optional<Path> dir = reportDir(GUEST_REPORT, GUEST_REPORT_IN, args, out, "guest-bench");
        if (dir.isPresent()) {
            out.println(GuestReport.render(dir.get()));
            out.println("Wrote " + dir.get().resolve("report.txt") + ", summary.csv and chart.svg");
        }
        return 0;
    }

    /** The --in directory of a report command, checked to hold raw.csv and meta.txt; empty after --help. */
    private static Optional<Path> reportDir(CommandLine cli, OptionSpec<String> in, String[] args, PrintStream out,
                                            String producer) {
        Optional<Path> dir = cli.parse(args, set -> Paths.get(in.value(set)));
        if (dir.isEmpty()) {
            out.println(cli.usage());
            return dir;
        }
        for (String file : new String[] {"raw.csv", "meta.txt"}) {
            if (!Files.isRegularFile(dir.get().resolve(file))) {
                throw cli.error("--in " + dir.get() + " has no " + file + " (give a " + producer + " output directory)");
            }
        }
        return dir;
    }
}
