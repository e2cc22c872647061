package io.uepoll.microbench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;

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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code connect-bench}: what a Netty client pays per connection on each transport. One Netty epoll
 * server (its own process) answers HTTP/1.1 with {@code Connection: close}; this JVM's client, one
 * event loop per transport, opens connections one after the other (connect, one request, the answer,
 * the server's close). {@code perf stat --per-thread} counts the client loop thread's syscalls by
 * name while it runs, so the figures say where a ring connect saves: {@code connect} returning
 * EINPROGRESS, the OUT wait and {@code getsockopt(SO_ERROR)}. The per-connection syscalls (connect,
 * getsockopt, send, recv, close) are the same every round; io_uring_enter, futex and eventfd reads depend
 * on when the loop sleeps (the driving thread hands each connect to the loop and waits for its close).
 * Time per connection is shown but shares two cores with the server and perf.
 */
final class ConnectBench {
    static final String DEFAULT_TRANSPORTS = "epoll,epoll,io_uring,uepoll-io_uring,uepoll-io_uring-direct,uepoll-epoll_wait";
    /** The syscalls the report breaks out (the rest are in the total). */
    static final String[] NAMED = {"connect", "getsockopt", "io_uring_enter", "epoll_wait", "epoll_pwait", "epoll_ctl",
        "read", "write", "readv", "writev", "recvfrom", "sendto", "recvmsg", "sendmsg", "close", "shutdown", "setsockopt",
        "getsockname", "getpeername", "fcntl", "futex", "eventfd2"};
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    private static final CommandLine CLI = new CommandLine(
            "connect-bench [options]: syscalls per client connection, per transport (Linux perf counts the loop thread)");
    private static final OptionSpec<Void> QUICK = CLI.parser.accepts("quick", "smoke run: 1 round of 200 connections");
    private static final OptionSpec<Integer> CONNECTIONS = CLI.positiveInt("connections",
            "connections per transport and round (default 2000)");
    private static final OptionSpec<Integer> ROUNDS = CLI.positiveInt("rounds", "rounds, transports shuffled in each (default 5)");
    private static final OptionSpec<String> TRANSPORTS = CLI.transports(DEFAULT_TRANSPORTS);
    private static final OptionSpec<String> OUT = CLI.text("out", "output directory (report.txt, summary.csv, raw.csv)",
            "DIR", "bench-results/connect-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss")));
    private static final OptionSpec<Integer> PORT = CLI.port(18180);
    private static final OptionSpec<Long> SEED = CLI.seed();
    private static final OptionSpec<String> PERF = CLI.text("perf", "the perf binary", "PATH", "perf");

    /** One transport's counts in one round. */
    static final class Row {
        String label;
        int round;
        int connections;
        double nanos;
        double loopSyscalls;
        final Map<String, Double> byName = new LinkedHashMap<>();

        double perConnection(double v) {
            return v / connections;
        }
    }

    private final int connections;
    private final int rounds;
    private final List<String> labels;
    private final Path out;
    private final int port;
    private final long seed;
    private final String perf;

    private ConnectBench(OptionSet set) {
        boolean quick = set.has(QUICK);
        connections = CommandLine.orDefault(set, CONNECTIONS, quick ? 200 : 2000);
        rounds = CommandLine.orDefault(set, ROUNDS, quick ? 1 : 5);
        labels = set.has(TRANSPORTS) ? List.copyOf(TRANSPORTS.values(set)) : Arrays.asList(DEFAULT_TRANSPORTS.split(","));
        out = Paths.get(OUT.value(set));
        port = PORT.value(set);
        seed = set.has(SEED) ? SEED.value(set) : new Random().nextLong();
        perf = PERF.value(set);
    }

    static int main(String[] args, java.io.PrintStream stdout) throws Exception {
        Optional<ConnectBench> bench = CLI.parse(args, ConnectBench::new);
        if (bench.isEmpty()) {
            stdout.println(CLI.usage());
            return 0;
        }
        return bench.get().run(stdout);
    }

    private int run(java.io.PrintStream stdout) throws Exception {
        Files.createDirectories(out);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("date", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        meta.put("build", HttpBench.buildId());
        meta.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        meta.put("server", "Netty epoll, 1 loop thread, its own JVM; HTTP/1.1 hello with Connection: close");
        meta.put("client", "this JVM, 1 loop thread per transport; " + connections + " connections per round, one after"
                + " the other (connect, request, answer, the server's close), " + rounds + " rounds shuffled (seed " + seed + ")");
        meta.put("load average at start", HttpBench.loadAverage());
        meta.forEach((k, v) -> stdout.println("  " + k + ": " + v));
        Map<String, Transport> transports = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        HttpBench.resolveServers(labels, transports, skipped);
        skipped.forEach(s -> stdout.println("  skipped " + s));
        List<Row> rows = new ArrayList<>();
        PerfStat perfStat = new PerfStat(perf, null);
        long self = ProcessHandle.current().pid();
        try (ServerProcess server = ServerProcess.start("server", Transport.EPOLL, Workload.HELLO, port, 1, null,
                Arrays.asList(HttpBenchOptions.DEFAULT_JVM_OPTS.split(" ")), out.resolve("server.log"))) {
            server.awaitListening(120_000);
            Map<String, EventLoopGroup> groups = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Transport> e : transports.entrySet()) {
                    EventLoopGroup group = e.getValue().newGroup(1, "http-c");
                    groups.put(e.getKey(), group);
                    connectMany(group, e.getValue(), connections / 2); // warm-up: the JIT, the loop's first ring
                }
                Random shuffle = new Random(seed);
                for (int r = 1; r <= rounds; r++) {
                    List<String> order = new ArrayList<>(groups.keySet());
                    Collections.shuffle(order, shuffle);
                    for (String label : order) {
                        PerfStat.Session session = perfStat.start(self, out.resolve("perf.csv"), NAMED)
                                .onlyLoopThread(loopTid(groups.get(label)));
                        Thread.sleep(300); // perf attaches to every thread before the first connect
                        long t0 = System.nanoTime();
                        connectMany(groups.get(label), transports.get(label), connections);
                        long nanos = System.nanoTime() - t0;
                        PerfStat.Counts counts = session.stop();
                        if (counts.problem != null) {
                            throw new IllegalStateException("perf: " + counts.problem);
                        }
                        Row row = new Row();
                        row.label = label;
                        row.round = r;
                        row.connections = connections;
                        row.nanos = nanos;
                        row.loopSyscalls = counts.loopAll;
                        for (String name : NAMED) {
                            row.byName.put(name, counts.loopByName.getOrDefault(name, 0.0));
                        }
                        rows.add(row);
                        stdout.printf(Locale.ROOT, "  r%d %-26s %6.2f syscalls/connection  %6.1f us/connection%n", r, label,
                                row.perConnection(row.loopSyscalls), row.nanos / 1e3 / connections);
                    }
                }
            } finally {
                for (EventLoopGroup g : groups.values()) {
                    g.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
                }
            }
        }
        meta.put("load average at end", HttpBench.loadAverage());
        String report = report(meta, transports, skipped, rows);
        Files.write(out.resolve("report.txt"), report.getBytes(StandardCharsets.UTF_8));
        Files.write(out.resolve("summary.csv"), summaryCsv(transports, rows).getBytes(StandardCharsets.UTF_8));
        Files.write(out.resolve("raw.csv"), rawCsv(rows).getBytes(StandardCharsets.UTF_8));
        stdout.println(report);
        stdout.println("connect-bench: wrote " + out.resolve("report.txt") + ", summary.csv and raw.csv");
        return 0;
    }

    /** The kernel's id of the group's one loop thread: the only thread counted (the other groups' loops idle). */
    private static long loopTid(EventLoopGroup group) throws Exception {
        String link = group.next().submit(() -> Files.readSymbolicLink(Paths.get("/proc/thread-self")).toString()).get();
        return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
    }

    /** {@code n} connections, one after the other: connect, one request, read until the server closes. */
    private void connectMany(EventLoopGroup group, Transport transport, int n) throws Exception {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(transport.socketChannel());
        for (int i = 0; i < n; i++) {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            Channel ch = bootstrap.handler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    ctx.writeAndFlush(Unpooled.copiedBuffer(REQUEST, StandardCharsets.US_ASCII));
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    closed.complete(null);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    closed.completeExceptionally(cause);
                    ctx.close();
                }
            }).connect("127.0.0.1", port).sync().channel();
            closed.get(10, TimeUnit.SECONDS);
            ch.closeFuture().sync();
        }
    }

    private String report(Map<String, String> meta, Map<String, Transport> transports, List<String> skipped, List<Row> rows) {
        StringBuilder sb = new StringBuilder("Client connections (connect, one request, the server's close): syscalls of the"
                + " client's event-loop thread per connection\n");
        meta.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        skipped.forEach(s -> sb.append("  skipped ").append(s).append('\n'));
        double load = BenchReport.firstLoad(meta.get("load average at end"));
        if (load > 0.5) {
            sb.append("  WARNING: load average ").append(BenchReport.num(load, 2)).append(" at the end: the us/connection"
                    + " column is not quiet (the syscall counts do not depend on it)\n");
        }
        sb.append("\nMedians over rounds, per connection; spread of the total = (max - min) / median over rounds.\n\n");
        sb.append(String.format(Locale.ROOT, "%-30s %9s %7s %9s", "transport", "syscalls", "spread", "us/conn"));
        for (String name : NAMED) {
            sb.append(String.format(Locale.ROOT, " %s", name));
        }
        sb.append('\n');
        for (String label : transports.keySet()) {
            double[] total = values(rows, label, r -> r.perConnection(r.loopSyscalls));
            if (total.length == 0) {
                continue;
            }
            double median = BenchReport.quantile(total, 0.5);
            sb.append(String.format(Locale.ROOT, "%-30s %9s %6s%% %9s", BenchReport.displayName(label, transports, meta),
                    BenchReport.num(median, 2),
                    BenchReport.num((BenchReport.quantile(total, 1) - BenchReport.quantile(total, 0)) / median * 100, 2),
                    BenchReport.num(BenchReport.quantile(values(rows, label, r -> r.nanos / 1e3 / r.connections), 0.5), 1)));
            for (String name : NAMED) {
                String v = BenchReport.num(BenchReport.quantile(values(rows, label, r -> r.perConnection(r.byName.get(name))), 0.5), 2);
                sb.append(' ').append(String.format(Locale.ROOT, "%" + name.length() + "s", v));
            }
            sb.append('\n');
        }
        sb.append("\nA/A control: a transport given twice runs twice (its second loop is \"#2\"); their counts should agree.\n");
        return sb.toString();
    }

    private static double[] values(List<Row> rows, String label, java.util.function.ToDoubleFunction<Row> f) {
        return rows.stream().filter(r -> r.label.equals(label)).mapToDouble(f).toArray();
    }

    private String summaryCsv(Map<String, Transport> transports, List<Row> rows) {
        StringBuilder sb = new StringBuilder("transport,rounds,syscalls_per_connection,us_per_connection");
        for (String name : NAMED) {
            sb.append(',').append(name);
        }
        sb.append('\n');
        for (String label : transports.keySet()) {
            double[] total = values(rows, label, r -> r.perConnection(r.loopSyscalls));
            sb.append(label).append(',').append(total.length).append(',').append(BenchReport.num(BenchReport.quantile(total, 0.5), 3))
              .append(',').append(BenchReport.num(BenchReport.quantile(values(rows, label, r -> r.nanos / 1e3 / r.connections), 0.5), 2));
            for (String name : NAMED) {
                sb.append(',').append(BenchReport.num(BenchReport.quantile(values(rows, label, r -> r.perConnection(r.byName.get(name))), 0.5), 3));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String rawCsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("round,transport,connections,nanos,loop_syscalls");
        for (String name : NAMED) {
            sb.append(',').append(name);
        }
        sb.append('\n');
        for (Row r : rows) {
            sb.append(r.round).append(',').append(r.label).append(',').append(r.connections).append(',')
              .append(BenchReport.num(r.nanos, 0)).append(',').append(BenchReport.num(r.loopSyscalls, 0));
            for (String name : NAMED) {
                sb.append(',').append(BenchReport.num(r.byName.get(name), 0));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
