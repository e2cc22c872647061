package io.uepoll.microbench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the benchmark server answers and how: the same "Hello, World!" body in every workload. */
enum Workload {
    /** HTTP/1.1 keep-alive, the response written on the event loop, one flush per read batch. */
    HELLO("hello", "HTTP/1.1, responses written on the event loop"),
    /** HTTP/1.1, each response written and flushed from an application thread: a cross-thread wakeup per request. */
    EXECUTOR("executor", "HTTP/1.1, each response written from an application thread (writeAndFlush off the loop)"),
    /** HTTP/2 over cleartext (prior knowledge; HTTP/1.1 too), Netty's HTTP/2 frame codec. */
    H2C("h2c", "HTTP/2 cleartext (prior knowledge) with Netty's Http2FrameCodec, responses on the event loop"),
    /**
     * HTTP/1.1 with {@code Connection: close}: the server closes after each response and the client connects
     * again, so every request costs an accept, a connect and two closes (judges accepting through the ring).
     */
    CLOSE("close", "HTTP/1.1, Connection: close: one connection per request (accept and close bound)");

    final String id;
    final String description;

    Workload(String id, String description) {
        this.id = id;
        this.description = description;
    }

    static Workload of(String id) {
        for (Workload w : values()) {
            if (w.id.equals(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "' (one of " + ids() + ")");
    }

    static String ids() {
        return Arrays.stream(values()).map(w -> w.id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
