package io.uepoll.channel.internal;

import java.io.IOException;

/**
 * A ring that also carries its loop's socket writes (IO_URING): a send is queued now and reaches
 * the kernel with the loop's next {@code io_uring_enter}, the same call that harvests and sleeps.
 * Loop thread only.
 *
 * <p>Contract: at most one send per token is in flight. The completion runs exactly once, on the
 * loop thread, after the kernel is done with the memory the send names: with the bytes sent, a
 * negative errno, or {@code -ECANCELED} (nothing sent) when the fd was removed or the ring closed.
 * The caller keeps that memory alive until then.
 */
public interface SendRing {

    /** Queues a send of {@code length} bytes at {@code address} to {@code fd}. */
    void send(int fd, long token, long address, int length, SendCompletion completion) throws IOException;

    /** Queues a sendmsg of the {@code struct msghdr} at {@code msghdr} (its iovecs stay alive too). */
    void sendmsg(int fd, long token, long msghdr, SendCompletion completion) throws IOException;

    /** What a send's completion receives: bytes sent, or a negative errno. */
    @FunctionalInterface
    interface SendCompletion {
        void onSent(int res);
    }
}
