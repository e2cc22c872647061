package io.uepoll.channel;

import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SingleThreadIoEventLoop;

import java.util.concurrent.Executor;

/** One thread of a {@link UepollEventLoopGroup}, driving one {@link UepollIoHandler}. */
public final class UepollEventLoop extends SingleThreadIoEventLoop {

    UepollEventLoop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory ioHandlerFactory) {
        super(parent, executor, ioHandlerFactory);
    }

    /** The counters of this loop's ring. */
    public UepollCounters counters() {
        return ((UepollIoHandler) ioHandler()).counters();
    }

    public UepollRing ring() {
        return ((UepollIoHandler) ioHandler()).ring();
    }
}
