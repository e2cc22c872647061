package io.uepoll.microbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One Hello World server in its own JVM, pinned with taskset; CPU time from /proc/PID/stat. */
final class ServerProcess implements AutoCloseable {
    final String label;
    final Transport transport;
    final int port;
    final Path log;
    private final Process process;

    private final Workload workload;

    private ServerProcess(String label, Transport transport, Workload workload, int port, Path log, Process process) {
        this.label = label;
        this.transport = transport;
        this.workload = workload;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static ServerProcess start(String label, Transport transport, Workload workload, int port, int threads, String cpus,
                               List<String> jvmOptions, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (cpus != null && !cpus.isEmpty()) {
            cmd.add("taskset");
            cmd.add("-c");
            cmd.add(cpus);
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(transport.jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("server");
        cmd.addAll(serverArgs(transport, port, threads));
        cmd.addAll(List.of("--workload", workload.id));
        Files.write(log, (String.join(" ", cmd) + "\n").getBytes(StandardCharsets.UTF_8));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ServerProcess(label, transport, workload, port, log, p);
    }

    /** The flags of the {@code server} command for one benchmark server (on loopback). */
    static List<String> serverArgs(Transport transport, int port, int threads) {
        return List.of("--transport", transport.id, "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--threads", Integer.toString(threads));
    }

    /** taskset execs the JVM: the child's pid is the server's pid. */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void awaitListening(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            if (text.contains("listening on port")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(label + " exited with " + process.exitValue() + ":\n" + tail(text, 2000));
            }
            Thread.sleep(50);
        }
        throw new IOException(label + " did not start listening within " + timeoutMillis + " ms; see " + log);
    }

    /** utime + stime of every thread of the server, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    long cpuTicks() throws IOException {
        String stat = new String(Files.readAllBytes(Path.of("/proc/" + pid() + "/stat")), StandardCharsets.US_ASCII);
        // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state): field n is f[n - 3].
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    /**
     * Sends {@code n} pipelined keep-alive requests on one connection and checks that exactly
     * {@code n} complete "Hello, World!" responses come back (h2c: {@code n} streams at once, see
     * {@link H2cProbe}); returns null or what was wrong.
     */
    String validate(int n) {
        return workload == Workload.H2C ? H2cProbe.check(port, n) : checkHttp1(port, n);
    }

    /** {@code n} pipelined HTTP/1.1 requests on one connection: null, or what was wrong. */
    static String checkHttp1(int port, int n) {
        StringBuilder req = new StringBuilder();
        for (int i = 0; i < n; i++) {
            req.append("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[8192];
            int responses = 0;
            while (responses < n) {
                int r = in.read(buf);
                if (r < 0) {
                    return "connection closed after " + responses + " of " + n + " responses: " + got;
                }
                got.append(new String(buf, 0, r, StandardCharsets.US_ASCII));
                responses = count(got, "Hello, World!");
            }
            String text = got.toString();
            if (count(got, "HTTP/1.1 200 OK\r\n") != n || count(got, "content-length: 13\r\n") != n) {
                return "unexpected responses: " + text;
            }
            return null;
        } catch (IOException e) {
            return "request failed: " + e;
        }
    }

    private static int count(CharSequence text, String what) {
        String s = text.toString();
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    String logTail() {
        try {
            return tail(new String(Files.readAllBytes(log), StandardCharsets.UTF_8), 3000);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static String tail(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the shutdown hook closes the server gracefully
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
