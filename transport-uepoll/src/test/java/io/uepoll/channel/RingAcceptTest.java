package io.uepoll.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.uepoll.channel.EventLoopTestSupport.IoSetup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.uepoll.channel.AbuseSupport.eventually;
import static io.uepoll.channel.AbuseSupport.shutdown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Listening channels accept through the ring where it carries receives (IO_URING, data path ring: one
 * multishot ACCEPT per listener) and with accept4 elsewhere; the application sees no difference: every
 * connection once, its peer address right, auto-read off on the listener holds connections back until
 * read(), and a listener that closes with connections accepted but not handed over closes them.
 */
class RingAcceptTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final int CLIENTS = 40;

    @ParameterizedTest
    @EnumSource(IoSetup.class)
    void everyConnectionArrivesOnceWithItsPeerAddress(IoSetup setup) throws Exception {
        UepollEventLoopGroup group = setup.group();
        try {
            BlockingQueue<Channel> children = new LinkedBlockingQueue<>();
            Channel server = listener(group, children).bind(LOOPBACK).sync().channel();
            InetSocketAddress address = (InetSocketAddress) server.localAddress();
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(new Socket(address.getAddress(), address.getPort()));
                }
                List<Integer> clientPorts = new ArrayList<>();
                List<Integer> peerPorts = new ArrayList<>();
                for (Socket client : clients) {
                    clientPorts.add(client.getLocalPort());
                    Channel child = children.poll(10, TimeUnit.SECONDS);
                    assertNotNull(child, "every connection accepted: " + peerPorts.size() + " of " + CLIENTS);
                    InetSocketAddress peer = (InetSocketAddress) child.remoteAddress();
                    assertEquals(address.getAddress(), peer.getAddress());
                    peerPorts.add(peer.getPort());
                }
                assertNull(children.poll(200, TimeUnit.MILLISECONDS), "no connection twice");
                assertEquals(clientPorts.stream().sorted().toList(), peerPorts.stream().sorted().toList());
                UepollCounters counters = UepollCounters.of(group.next());
                assertEquals(setup.receivesThroughRing() ? CLIENTS : 0, counters.getRingAccepts(), counters.toString());
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        } finally {
            shutdown(group);
        }
    }

    @ParameterizedTest
    @EnumSource(IoSetup.class)
    void autoReadOffHoldsConnectionsBackUntilRead(IoSetup setup) throws Exception {
        UepollEventLoopGroup group = setup.group();
        try {
            BlockingQueue<Channel> children = new LinkedBlockingQueue<>();
            Channel server = listener(group, children).option(ChannelOption.AUTO_READ, false)
                    .bind(LOOPBACK).sync().channel();
            server.read();
            InetSocketAddress address = (InetSocketAddress) server.localAddress();
            try (Socket first = new Socket(address.getAddress(), address.getPort())) {
                assertNotNull(children.poll(10, TimeUnit.SECONDS), "the read() lets one connection in");
                try (Socket second = new Socket(address.getAddress(), address.getPort());
                     Socket third = new Socket(address.getAddress(), address.getPort())) {
                    assertNull(children.poll(300, TimeUnit.MILLISECONDS), "no read() pending: nothing handed over");
                    server.read();
                    assertNotNull(children.poll(10, TimeUnit.SECONDS), "the next read() hands one over");
                    server.read();
                    assertNotNull(children.poll(10, TimeUnit.SECONDS), "and the next");
                    assertNull(children.poll(200, TimeUnit.MILLISECONDS), "three connections, three children");
                }
            }
        } finally {
            shutdown(group);
        }
    }

    @ParameterizedTest
    @EnumSource(IoSetup.class)
    void aListenerThatClosesClosesTheConnectionsItDidNotHandOver(IoSetup setup) throws Exception {
        UepollEventLoopGroup group = setup.group();
        try {
            BlockingQueue<Channel> children = new LinkedBlockingQueue<>();
            Channel server = listener(group, children).option(ChannelOption.AUTO_READ, false)
                    .bind(LOOPBACK).sync().channel();
            InetSocketAddress address = (InetSocketAddress) server.localAddress();
            server.read();
            long fdsBefore = openFds();
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    clients.add(new Socket(address.getAddress(), address.getPort()));
                }
                assertNotNull(children.poll(10, TimeUnit.SECONDS), "the read() lets one in");
                Channel child = children.poll(200, TimeUnit.MILLISECONDS);
                assertNull(child, "the rest wait");
                Thread.sleep(200); // the ring may accept a few more before its cancel lands: they wait here too
                server.close().sync();
                // The handed-over child stays open; every other connection, accepted or in the backlog, is closed.
                for (int i = 1; i < clients.size(); i++) {
                    clients.get(i).setSoTimeout(5000);
                    assertEquals(-1, readOrReset(clients.get(i)), "connection " + i + " closed by the server");
                }
                // Before: the listener. Now: the clients and the one child, the listener closed.
                long expected = fdsBefore + clients.size();
                assertTrue(eventually(5_000, () -> openFds() <= expected),
                        "no accepted fd leaked: " + openFds() + " open, expected " + expected);
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        } finally {
            shutdown(group);
        }
    }

    private static ServerBootstrap listener(UepollEventLoopGroup group, BlockingQueue<Channel> children) {
        return new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                .childHandler(new ChildCollector(children));
    }

    @ChannelHandler.Sharable
    private static final class ChildCollector extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<Channel> children;

        ChildCollector(BlockingQueue<Channel> children) {
            this.children = children;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            children.add(ctx.channel());
        }
    }

    /** -1 for EOF or a reset: the server side is gone either way. */
    private static int readOrReset(Socket socket) {
        try {
            return socket.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long openFds() {
        try (Stream<?> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
