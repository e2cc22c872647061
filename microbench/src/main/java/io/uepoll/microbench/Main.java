package io.uepoll.microbench;

import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollRing;

import java.util.Arrays;

/**
 * Entry point of the benchmark jar.
 * <pre>
 *   server [--port 8080] [--host 0.0.0.0] [--threads 1] [--transport uepoll] [--ring auto]
 *   http-bench [--rounds 8] [--slice 3] [--conns 1,16,64,256] [--transports ...] [--quick] [--help]
 *   http-report --in DIR      (renders report.txt, summary.csv, chart.svg again from DIR/raw.csv)
 *   jmh [JMH options]
 * </pre>
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "server" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "server":
                server(new Args(rest));
                break;
            case "http-bench":
                HttpBench.main(new Args(rest));
                break;
            case "http-report":
                HttpBench.report(new Args(rest));
                break;
            case "jmh":
                org.openjdk.jmh.Main.main(JmhDefaults.apply(rest));
                break;
            default:
                System.err.println("usage: server [--port N] [--transport T] [--ring R] | http-bench [--help] | jmh ...");
                System.exit(2);
        }
    }

    private static void server(Args args) throws Exception {
        String ring = args.get("ring", null);
        if (ring != null) {
            System.setProperty(UepollRing.PROPERTY, ring);
        }
        Transport transport = Transport.of(args.get("transport", "uepoll"));
        int port = args.getInt("port", 8080);
        HelloWorldServer server = new HelloWorldServer(transport, args.get("host", "0.0.0.0"), port,
                args.getInt("threads", Runtime.getRuntime().availableProcessors()));
        String ringInfo = transport.id.startsWith("uepoll") ? " on the " + describeRing(transport) + " ring" : "";
        System.out.println("HTTP server (" + transport.id + ")" + ringInfo + " listening on port " + server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitClose();
    }

    private static String describeRing(Transport transport) {
        switch (transport) {
            case UEPOLL_USERPOLL: return UepollRing.USERPOLL.name();
            case UEPOLL_IO_URING: return UepollRing.IO_URING.name();
            case UEPOLL_EPOLL_WAIT: return UepollRing.EPOLL_WAIT.name();
            default: return Uepoll.defaultRing().name();
        }
    }
}
