package io.uepoll.microbench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.CharsetUtil;
import io.uepoll.channel.UepollReusePort;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 "Hello, World!" on any {@link Transport}: Netty's HTTP codec, keep-alive, TCP_NODELAY,
 * one flush per read batch. The same handler for every transport in the benchmark.
 */
final class HelloWorldServer implements AutoCloseable {
    private static final ByteBuf CONTENT = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes("Hello, World!".getBytes(CharsetUtil.US_ASCII)).asReadOnly());

    private final EventLoopGroup group;
    private final List<Channel> listeners;

    /**
     * Binds or fails with the cause, having stopped the loops: they are not daemon threads, and a
     * server that could not bind must not keep its JVM alive.
     */
    HelloWorldServer(Transport transport, String host, int port, int threads) throws InterruptedException {
        group = transport.newGroup(threads, "http-" + transport.id);
        try {
            listeners = bind(transport, new InetSocketAddress(host, port), threads);
        } catch (Throwable t) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw t;
        }
    }

    /**
     * uepoll with several loops: one SO_REUSEPORT listener per loop, each loop accepting its own
     * connections ({@link UepollReusePort}); otherwise one listener on the group.
     */
    private List<Channel> bind(Transport transport, InetSocketAddress address, int threads) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .channel(transport.serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HelloWorldHandler());
                    }
                });
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
    }

    private static final class HelloWorldHandler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest)) {
                return;
            }
            HttpRequest request = (HttpRequest) msg;
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                    CONTENT.duplicate());
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            if (keepAlive) {
                if (!request.protocolVersion().isKeepAliveDefault()) {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                ctx.write(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.write(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
