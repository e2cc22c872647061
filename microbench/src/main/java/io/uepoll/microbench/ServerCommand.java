package io.uepoll.microbench;

import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollRing;
import joptsimple.OptionSpec;

import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code server}: the Hello World server in this JVM until it is stopped (SIGTERM or Ctrl-C closes
 * it gracefully). A server that cannot start says why in one line naming the address and exits 1.
 */
final class ServerCommand {
    /** What {@code server} was asked to do. */
    record Options(Transport transport, String host, int port, int threads, String ring, Workload workload) {
        Options(Transport transport, String host, int port, int threads, String ring) {
            this(transport, host, port, threads, ring, Workload.HELLO);
        }
    }

    private static final CommandLine CLI = new CommandLine(
            "server [options]: \"Hello, World!\" over HTTP/1.1 (Netty's HTTP codec, keep-alive) or h2c until stopped");
    private static final OptionSpec<Integer> PORT = CLI.parser.accepts("port", "TCP port (0: a free one)")
            .withRequiredArg().withValuesConvertedBy(CommandLine.intRange(0, 65535)).defaultsTo(8080);
    private static final OptionSpec<String> HOST = CLI.parser.accepts("host", "address to listen on")
            .withRequiredArg().withValuesConvertedBy(CommandLine.text("ADDRESS")).defaultsTo("0.0.0.0");
    private static final OptionSpec<Integer> THREADS = CLI.parser.accepts("threads",
                    "event-loop threads; on uepoll with more than one, each loop accepts on its own SO_REUSEPORT "
                            + "listener (UepollReusePort)")
            .withRequiredArg().withValuesConvertedBy(CommandLine.intRange(1, 4096))
            .defaultsTo(Runtime.getRuntime().availableProcessors());
    private static final OptionSpec<Transport> TRANSPORT = CLI.parser.accepts("transport",
                    "nio, epoll, io_uring, uepoll (default: uepoll, on the default ring), uepoll-userpoll, "
                            + "uepoll-io_uring, uepoll-io_uring-spin or uepoll-epoll_wait")
            .withRequiredArg().withValuesConvertedBy(CommandLine.converter(Transport.class, "T", Transport::of));
    private static final OptionSpec<String> RING = CLI.parser.accepts("ring",
                    "the ring of --transport uepoll (sets -D" + UepollRing.PROPERTY + ")")
            .withRequiredArg().withValuesConvertedBy(CommandLine.converter(String.class,
                    "auto|userpoll|io_uring|epoll_wait", ServerCommand::checkRing));

    private static final OptionSpec<Workload> WORKLOAD = CLI.workload();

    private ServerCommand() {
    }

    /** Empty when {@code --help} was asked. */
    static Optional<Options> parse(String[] args) {
        return CLI.parse(args, set -> new Options(set.has(TRANSPORT) ? TRANSPORT.value(set) : Transport.UEPOLL,
                HOST.value(set), PORT.value(set), THREADS.value(set), RING.value(set), WORKLOAD.value(set)));
    }

    static String usage() {
        return CLI.usage();
    }

    /** Serves until the server is closed; returns the exit status (1 when it could not start). */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        Optional<Options> parsed = parse(args);
        if (parsed.isEmpty()) {
            out.println(usage());
            return 0;
        }
        Options o = parsed.get();
        HelloWorldServer server;
        try {
            server = start(o);
        } catch (Exception e) {
            err.println("server: cannot listen on " + o.host() + ":" + o.port() + " (" + o.transport().id + "): "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        }
        String ring = o.transport().isUepoll() ? " on the " + describeRing(o.transport()) + " ring" : "";
        String loops = server.listenerCount() > 1 ? ", " + server.listenerCount() + " loops accepting (SO_REUSEPORT)" : "";
        out.println("HTTP server (" + o.transport().id + ", " + o.workload().description + ")" + ring
                + " listening on port " + server.port() + loops);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitClose();
        return 0;
    }

    static HelloWorldServer start(Options o) throws InterruptedException {
        if (o.ring() != null) {
            System.setProperty(UepollRing.PROPERTY, o.ring());
        }
        return new HelloWorldServer(o.transport(), o.host(), o.port(), o.threads(), o.workload());
    }

    private static String checkRing(String value) {
        UepollRing.fromPropertyValue(value); // throws naming the accepted values
        return value;
    }

    private static String describeRing(Transport transport) {
        switch (transport) {
            case UEPOLL_USERPOLL:
            case UEPOLL_USERPOLL_DIRECT: return UepollRing.USERPOLL.name();
            case UEPOLL_IO_URING:
            case UEPOLL_IO_URING_ACCEPT4:
            case UEPOLL_IO_URING_SPIN: return UepollRing.IO_URING.name();
            case UEPOLL_EPOLL_WAIT: return UepollRing.EPOLL_WAIT.name();
            default: return Uepoll.defaultRing().name();
        }
    }
}
