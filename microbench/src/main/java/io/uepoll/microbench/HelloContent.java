package io.uepoll.microbench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.CharsetUtil;

/** The body every workload answers with. */
final class HelloContent {
    private static final ByteBuf CONTENT = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes("Hello, World!".getBytes(CharsetUtil.US_ASCII)).asReadOnly());

    private HelloContent() {
    }

    /** A view of the body for one response (the body itself is never released). */
    static ByteBuf body() {
        return CONTENT.duplicate();
    }

    static int length() {
        return CONTENT.readableBytes();
    }
}
