package io.uepoll.microbench;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * HTTP/2 "Hello, World!" behind Netty's {@code Http2FrameCodec}: a stream that ends (a GET's
 * HEADERS with END_STREAM, or the last DATA frame) gets HEADERS and one DATA frame; a read batch's
 * responses go out with one flush at read-complete, as on HTTP/1.1.
 */
@ChannelHandler.Sharable
final class Http2HelloHandler extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame && ((Http2HeadersFrame) msg).isEndStream()
                    || msg instanceof Http2DataFrame && ((Http2DataFrame) msg).isEndStream()) {
                respond(ctx, ((Http2StreamFrame) msg).stream());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private static void respond(ChannelHandlerContext ctx, Http2FrameStream stream) {
        Http2Headers headers = new DefaultHttp2Headers()
                .status(HttpResponseStatus.OK.codeAsText())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, HelloContent.length());
        ctx.write(new DefaultHttp2HeadersFrame(headers).stream(stream));
        ctx.write(new DefaultHttp2DataFrame(HelloContent.body(), true).stream(stream));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
