package io.uepoll.channel;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * A group of {@link UepollEventLoop}s, the uepoll counterpart of Netty's {@code EpollEventLoopGroup}:
 * {@code new UepollEventLoopGroup()} instead of {@code new EpollEventLoopGroup()}.
 */
public class UepollEventLoopGroup extends MultiThreadIoEventLoopGroup {

    /** Twice the number of cores, on {@link Uepoll#defaultRing()}. */
    public UepollEventLoopGroup() {
        this(0);
    }

    public UepollEventLoopGroup(int nThreads) {
        this(nThreads, Uepoll.defaultRing());
    }

    public UepollEventLoopGroup(int nThreads, UepollRing ring) {
        super(nThreads, (Executor) null, UepollIoHandler.newFactory(ring));
    }

    public UepollEventLoopGroup(int nThreads, UepollRing ring, int ringSize) {
        super(nThreads, (Executor) null, UepollIoHandler.newFactory(ring, ringSize));
    }

    /** @param spinNanos see {@link UepollIoHandler#newFactory(UepollRing, int, long)} */
    public UepollEventLoopGroup(int nThreads, UepollRing ring, int ringSize, long spinNanos) {
        super(nThreads, (Executor) null, UepollIoHandler.newFactory(ring, ringSize, spinNanos));
    }

    /** @param dataPath see {@link UepollIoHandler#newFactory(UepollRing, int, long, UepollDataPath)} */
    public UepollEventLoopGroup(int nThreads, UepollRing ring, int ringSize, long spinNanos, UepollDataPath dataPath) {
        super(nThreads, (Executor) null, UepollIoHandler.newFactory(ring, ringSize, spinNanos, dataPath));
    }

    /** @param bufferRingEntries see {@link UepollIoHandler#newFactory(UepollRing, int, long, UepollDataPath, int)} */
    public UepollEventLoopGroup(int nThreads, UepollRing ring, int ringSize, long spinNanos, UepollDataPath dataPath,
                                int bufferRingEntries) {
        super(nThreads, (Executor) null,
                UepollIoHandler.newFactory(ring, ringSize, spinNanos, dataPath, bufferRingEntries));
    }

    public UepollEventLoopGroup(int nThreads, ThreadFactory threadFactory) {
        super(nThreads, threadFactory, UepollIoHandler.newFactory());
    }

    public UepollEventLoopGroup(int nThreads, Executor executor) {
        super(nThreads, executor, UepollIoHandler.newFactory());
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
        return new UepollEventLoop(this, executor, ioHandlerFactory);
    }
}
