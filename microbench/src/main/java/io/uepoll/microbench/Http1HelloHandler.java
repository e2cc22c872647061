package io.uepoll.microbench;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.util.concurrent.Executor;

/**
 * HTTP/1.1 "Hello, World!" with keep-alive. On the loop (no executor) a read batch's responses go
 * out with one flush at read-complete; with an executor each response is built and flushed on an
 * application thread, as a service that answers off the loop does, so every response crosses threads.
 */
@ChannelHandler.Sharable
final class Http1HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
    private final Executor app;

    /** {@code app} null: answer on the event loop. */
    Http1HelloHandler(Executor app) {
        this.app = app;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (app == null) {
            ctx.flush();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (!(msg instanceof HttpRequest)) {
            return;
        }
        HttpRequest request = (HttpRequest) msg;
        HttpVersion version = request.protocolVersion();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (app == null) {
            respond(ctx, version, keepAlive, false);
        } else {
            app.execute(() -> respond(ctx, version, keepAlive, true));
        }
    }

    private static void respond(ChannelHandlerContext ctx, HttpVersion version, boolean keepAlive, boolean flush) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.OK, HelloContent.body());
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, HelloContent.length());
        if (keepAlive) {
            if (!version.isKeepAliveDefault()) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            if (flush) {
                ctx.writeAndFlush(response, ctx.voidPromise());
            } else {
                ctx.write(response, ctx.voidPromise());
            }
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
