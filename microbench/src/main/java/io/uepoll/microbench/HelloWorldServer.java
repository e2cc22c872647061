package io.uepoll.microbench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.uepoll.channel.UepollReusePort;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * "Hello, World!" on any {@link Transport}, in one of the {@link Workload}s: Netty's HTTP/1.1 codec
 * (keep-alive) or HTTP/2 frame codec, TCP_NODELAY. The same handlers for every transport in the benchmark.
 */
final class HelloWorldServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final List<Channel> listeners;
    /** The application threads of workload executor; null otherwise. */
    private final ExecutorService app;

    /**
     * Binds or fails with the cause, having stopped the loops: they are not daemon threads, and a
     * server that could not bind must not keep its JVM alive.
     */
    HelloWorldServer(Transport transport, String host, int port, int threads) throws InterruptedException {
        this(transport, host, port, threads, Workload.HELLO);
    }

    HelloWorldServer(Transport transport, String host, int port, int threads, Workload workload)
            throws InterruptedException {
        app = workload == Workload.EXECUTOR ? Executors.newFixedThreadPool(threads, daemon("http-app")) : null;
        group = transport.newGroup(threads, "http-" + transport.id);
        try {
            listeners = bind(transport, new InetSocketAddress(host, port), threads, childInitializer(workload));
        } catch (Throwable t) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            if (app != null) {
                app.shutdownNow();
            }
            throw t;
        }
    }

    private ChannelInitializer<Channel> childInitializer(Workload workload) {
        ChannelHandler http1 = new Http1HelloHandler(app);
        if (workload != Workload.H2C) {
            return new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), http1);
                }
            };
        }
        ChannelHandler http2 = new Http2HelloHandler();
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                HttpServerCodec codec = new HttpServerCodec();
                // No Upgrade: h2c: HTTP/2 comes with prior knowledge (h2load, curl --http2-prior-knowledge).
                HttpServerUpgradeHandler noUpgrade = new HttpServerUpgradeHandler(codec, protocol -> null);
                ch.pipeline().addLast(new CleartextHttp2ServerUpgradeHandler(codec, noUpgrade, priorKnowledge(http1, http2)),
                        http1);
            }
        };
    }

    /** Once a connection starts with HTTP/2's preface: the frame codec instead of the HTTP/1.1 handler. */
    private static ChannelInitializer<Channel> priorKnowledge(ChannelHandler http1, ChannelHandler http2) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().remove(http1);
                ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), http2);
            }
        };
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * uepoll with several loops: one SO_REUSEPORT listener per loop, each loop accepting its own
     * connections ({@link UepollReusePort}); otherwise one listener on the group.
     */
    private List<Channel> bind(Transport transport, InetSocketAddress address, int threads,
                               ChannelInitializer<Channel> children) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .channel(transport.serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(children);
        transport.configureChildren(bootstrap);
        if (transport.isUepoll() && threads > 1) {
            return List.copyOf(UepollReusePort.bind(bootstrap, group, address).sync().getNow());
        }
        return List.of(bootstrap.group(group).bind(address).sync().channel());
    }

    int port() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    int listenerCount() {
        return listeners.size();
    }

    /** Until every listener is closed. */
    void awaitClose() throws InterruptedException {
        for (Channel listener : listeners) {
            listener.closeFuture().sync();
        }
    }

    @Override
    public void close() {
        listeners.forEach(Channel::close);
        group.shutdownGracefully().syncUninterruptibly();
        if (app != null) {
            app.shutdownNow();
        }
    }
}
