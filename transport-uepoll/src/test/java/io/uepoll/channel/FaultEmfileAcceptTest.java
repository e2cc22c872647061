package io.uepoll.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.FileDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * accept(2) fails with EMFILE while connections wait in the backlog. Once fds are free again the queued
 * connections must be accepted with no new connection arriving to produce another edge.
 *
 * <p>Runs in a child JVM with a low RLIMIT_NOFILE: a full fd table breaks whatever else in the JVM opens a
 * file meanwhile (a class initializer that fails stays failed), so it must not be the test JVM.
 */
class FaultEmfileAcceptTest {
    private static final int CLIENTS = 10;
    private static final int FD_LIMIT = 512;

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void queuedConnectionsAreAcceptedOnceFdsAreFreeAgain(UepollRing ring) throws Exception {
        assumeRing(ring);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path output = Files.createTempFile("uepoll-emfile-", ".log");
        Process child = new ProcessBuilder("prlimit", "--nofile=" + FD_LIMIT + ":" + FD_LIMIT, "--",
                java.toString(), "-XX:-MaxFDLimit", "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), ring.name())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            // 60 s here; the QEMU guest's emulated JVM starts far slower and passes more.
            boolean exited = child.waitFor(Long.getLong("uepoll.abuse.childSeconds", 60), TimeUnit.SECONDS);
            String log = Files.readString(output, StandardCharsets.UTF_8);
            System.out.print(log);
            assertTrue(exited, "the child JVM finished: " + log);
            assertEquals(0, child.exitValue(), "the child JVM's verdict:\n" + log);
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    /** The scenario, in the child JVM; exits non-zero with the failed assertion. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            UepollRing ring = UepollRing.valueOf(args[0]);
            try {
                run(ring);
                System.exit(0);
            } catch (Throwable t) {
                t.printStackTrace(System.out);
                System.exit(1);
            }
        }

        /**
         * Loads (without initializing) every class of ours that sits in a directory: with the table full
         * a class file cannot be opened, and a class first needed then would fail with NoClassDefFoundError.
         */
        private static void preloadClassesFromDirectories() throws Exception {
            ClassLoader loader = Child.class.getClassLoader();
            for (java.net.URL url : java.util.Collections.list(loader.getResources("io/uepoll"))) {
                if (!"file".equals(url.getProtocol())) {
                    continue; // in a jar: the jar is open already
                }
                Path root = Paths.get(url.toURI()).getParent().getParent();
                try (java.util.stream.Stream<Path> files = Files.walk(root.resolve("io/uepoll"))) {
                    for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                        String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                        Class.forName(name, false, loader);
                    }
                }
            }
        }

        private static void run(UepollRing ring) throws Exception {
            preloadClassesFromDirectories();
            UepollEventLoopGroup group = new UepollEventLoopGroup(1, ring);
            List<Channel> accepted = new CopyOnWriteArrayList<>();
            List<Throwable> acceptFailures = new CopyOnWriteArrayList<>();
            List<SocketChannel> clients = new ArrayList<>();
            List<FileDescriptor> filler = new ArrayList<>();
            try {
                Channel server = new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                        .childHandler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public boolean isSharable() {
                                return true;
                            }

                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                accepted.add(ctx.channel());
                            }
                        })
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
                // After ServerBootstrap's acceptor (which pauses auto-read for a second on an error), in place
                // of the tail, whose logging would need files.
                server.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        acceptFailures.add(cause);
                    }
                });
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(SocketChannel.open()); // the clients' own fds exist before the table is full
                }
                try {
                    fillFdTable(filler);
                    for (int i = 0; i < 2; i++) {
                        filler.remove(filler.size() - 1).close(); // room for a few accepts before EMFILE
                    }
                    for (SocketChannel c : clients) {
                        c.connect(server.localAddress()); // completes on the SYN-ACK, from the backlog
                    }
                    assertTrue(eventually(5_000, () -> !acceptFailures.isEmpty()), "accept failed with the table full");
                    assertTrue(String.valueOf(acceptFailures.get(0).getMessage()).contains("Too many open files"),
                            "EMFILE: " + acceptFailures.get(0));
                    assertTrue(accepted.size() < CLIENTS, "connections left in the backlog: " + accepted.size());
                } finally {
                    for (FileDescriptor fd : filler) {
                        fd.close();
                    }
                }
                int acceptedWhileFull = accepted.size();
                long freedAt = System.nanoTime();
                boolean all = eventually(5_000, () -> accepted.size() == CLIENTS);
                System.out.printf("%s: %d accepted while the fd table was full (%s), %d within %d ms of freeing %d fds%n",
                        ring, acceptedWhileFull, acceptFailures.get(0).getMessage(), accepted.size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freedAt), filler.size());
                assertTrue(all, "all " + CLIENTS + " queued connections accepted without a new client: "
                        + accepted.size() + " (server auto-read " + server.config().isAutoRead() + ")");
                for (Channel child : accepted) {
                    assertTrue(child.isActive(), "accepted channel works: " + child);
                }
            } finally {
                for (SocketChannel c : clients) {
                    c.close();
                }
                shutdown(group);
            }
        }

        /** Opens pipes until pipe(2) fails with EMFILE. */
        private static void fillFdTable(List<FileDescriptor> filler) throws IOException {
            while (filler.size() < 2 * FD_LIMIT) {
                FileDescriptor[] pipe;
                try {
                    pipe = FileDescriptor.pipe();
                } catch (IOException e) {
                    if (String.valueOf(e.getMessage()).contains("Too many open files")) {
                        return;
                    }
                    throw e;
                }
                filler.add(pipe[0]);
                filler.add(pipe[1]);
            }
            throw new IllegalStateException("the fd table did not fill up at " + FD_LIMIT + " fds");
        }
    }
}
