package io.uepoll.channel.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.IOException;

/**
 * A ring that also carries its loop's socket I/O (IO_URING): a send or receive is queued now and
 * reaches the kernel with the loop's next {@code io_uring_enter}, the same call that harvests and
 * sleeps. Loop thread only.
 *
 * <p>Contract: at most one send and one receive per token are in flight. A completion runs exactly
 * once, on the loop thread, after the kernel is done with the memory the request names: with the
 * bytes moved (0 from a receive: end of stream), a negative errno, or {@code -ECANCELED} (nothing
 * moved) when the fd was removed or the ring closed. The caller keeps that memory alive until then.
 */
public interface IoRing {

    /** Queues a send of {@code length} bytes at {@code address} to {@code fd}. */
    void send(int fd, long token, long address, int length, Completion completion) throws IOException;

    /** Queues a sendmsg of the {@code struct msghdr} at {@code msghdr} (its iovecs stay alive too). */
    void sendmsg(int fd, long token, long msghdr, Completion completion) throws IOException;

    /** Queues a receive of up to {@code length} bytes into {@code address} from {@code fd}; it waits for data. */
    void recv(int fd, long token, long address, int length, Completion completion) throws IOException;

    /**
     * False when the ring only carries sends (USERPOLL's io_uring): readiness then says when bytes
     * came and receives are syscalls, and {@link #recv} and {@link #recvMultishot} must not be called.
     */
    boolean carriesReceives();

    /** True when this ring has provided buffers, so {@link #recvMultishot} works. */
    boolean providesBuffers();

    /** True when the kernel fills those buffers incrementally: many arrivals per buffer (Linux 6.12+). */
    boolean buffersIncremental();

    /**
     * Arms a multishot receive from {@code fd} into the ring's provided buffers: the receiver hears of
     * every arrival of bytes until a call with {@code last} set; at most one per token, like {@link #recv}.
     */
    void recvMultishot(int fd, long token, Receiver receiver) throws IOException;

    /** Asks the token's multishot receive to end; its last call (often {@code -ECANCELED}) still comes. */
    void cancelRecvMultishot(long token) throws IOException;

    /**
     * Arms a multishot accept on the listening {@code fd} (only where {@link #carriesReceives}): the acceptor
     * hears of every connection taken from the backlog, until a call with {@code last} set; at most one
     * per token. The accepted fds are non-blocking and close-on-exec.
     */
    void acceptMultishot(int fd, long token, Acceptor acceptor) throws IOException;

    /**
     * Queues a connect of {@code fd} to the {@code struct sockaddr} of {@code length} bytes at {@code sockaddr}
     * (only where {@link #carriesReceives}); the completion gets 0 or a negative errno. At most one per token.
     */
    void connect(int fd, long token, long sockaddr, int length, Completion completion) throws IOException;

    /** Asks the token's multishot accept to end; its last call (often {@code -ECANCELED}) still comes. */
    void cancelAcceptMultishot(long token) throws IOException;

    /**
     * What a completion receives: bytes moved, or a negative errno; for a receive, {@code moreData} says
     * the socket still held bytes when it completed (a hint: false may still find bytes).
     */
    @FunctionalInterface
    interface Completion {
        void complete(int res, boolean moreData);
    }

    /** What a multishot accept delivers, on the ring's loop thread. */
    @FunctionalInterface
    interface Acceptor {
        /**
         * {@code res >= 0}: a new connection's fd, which the acceptor now owns (it must close it if it does not
         * keep it); else a negative errno ({@code -EMFILE}, ...; connections stay in the backlog). {@code last}:
         * the accept ended, nothing more comes until it is armed again.
         */
        void accepted(int res, boolean last);

        /** Closes a connection that was accepted and that nobody takes (its listener closed); failures are logged. */
        static void closeAccepted(int fd) {
            try {
                new FileDescriptor(fd).close();
            } catch (IOException e) {
                InternalLoggerFactory.getInstance(IoRing.class).debug("Closing an unwanted accepted connection failed", e);
            }
        }
    }

    /** What a multishot receive delivers, on the ring's loop thread. */
    @FunctionalInterface
    interface Receiver {
        /**
         * {@code res > 0}: that many bytes in {@code bytes}, a view of ring memory readable only during this
         * call (the buffer goes back to the ring when it returns; never retain or release the view);
         * 0: end of stream; else a negative errno ({@code -ENOBUFS}: the ring ran out of buffers, nothing
         * was lost) and {@code bytes} is null. {@code moreData}: the socket held more; {@code last}: the
         * receive ended, nothing more comes until it is armed again.
         */
        void received(ByteBuf bytes, int res, boolean moreData, boolean last);
    }
}
