package io.uepoll.channel;

import io.netty.channel.EventLoop;

import java.util.concurrent.RejectedExecutionException;

/**
 * A ring completion runs on the loop that owns the ring; its channel may have moved to another loop while
 * the request was in flight (a cancel that ran in a kernel worker), and the channel's state lives there now.
 */
final class LoopHop {
    private LoopHop() {
    }

    /**
     * False when the caller is on {@code loop}: go on. Else {@code again} is handed to {@code loop} (or, when
     * that loop is gone, {@code ifGone} runs here, to release what the request held) and the caller returns.
     */
    static boolean handedOver(EventLoop loop, Runnable again, Runnable ifGone) {
        if (loop.inEventLoop()) {
            return false;
        }
        try {
            loop.execute(again);
        } catch (RejectedExecutionException e) {
            ifGone.run();
        }
        return true;
    }
}
