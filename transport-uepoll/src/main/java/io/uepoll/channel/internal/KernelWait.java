package io.uepoll.channel.internal;

import java.util.function.LongToIntFunction;

/**
 * A blocking kernel wait that honours its deadline: a signal (-EINTR) ends the syscall early, so the
 * wait is repeated for the time that is left. Every ring sleeps through this one helper.
 */
final class KernelWait {
    private KernelWait() {
    }

    /**
     * Calls {@code wait} with a timeout in nanoseconds ({@code < 0}: none) until it returns something
     * other than -EINTR or the deadline passes; returns the last result (0 when the time ran out).
     */
    static int untilDeadline(long timeoutNanos, LongToIntFunction wait) {
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        long left = timeoutNanos;
        for (;;) {
            int res = wait.applyAsInt(left);
            if (res != Native.ERRNO_EINTR_NEGATIVE) {
                return res;
            }
            if (timeoutNanos > 0) {
                left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
            }
        }
    }
}
