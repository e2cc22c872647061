package io.uepoll.channel.internal;

import io.netty.channel.unix.Buffer;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.FileDescriptor;
import io.uepoll.channel.UepollRing;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * EPOLL_WAIT: classic edge-triggered epoll, events copied by epoll_wait into a native array. The
 * fallback where no ring exists, and the A/B baseline: the same loop with a syscall per harvest.
 * {@link #await} buffers what the kernel returned; the next {@link #harvest} delivers it without
 * another syscall.
 */
final class EpollWaitReadinessRing extends AbstractReadinessRing {
    private final FileDescriptor epfd;
    private final ByteBuffer events;
    private final int eventSize;
    private final int dataOffset;
    private final int maxEvents;
    /** Events that epoll_wait returned into the buffer; [next, buffered) are not delivered yet. */
    private int buffered;
    /** The first undelivered event: a sink that throws leaves the rest for the next harvest. */
    private int next;
    /** await() slept in epoll_wait: what it returned (maybe nothing) is the harvest, no second call. */
    private boolean awaited;

    private EpollWaitReadinessRing(FileDescriptor epfd, WakeupEventFd wakeupFd, int maxEvents, ReadySink sink) {
        super(wakeupFd, sink);
        this.epfd = epfd;
        this.maxEvents = maxEvents;
        this.eventSize = Native.epollEventSize();
        this.dataOffset = Native.epollEventDataOffset();
        this.events = Buffer.allocateDirectWithNativeOrder(maxEvents * eventSize);
    }

    static void checkSize(int maxEvents) {
        if (maxEvents < 1 || maxEvents > 65536) {
            throw new IllegalArgumentException("EPOLL_WAIT ring size must be in [1, 65536]: " + maxEvents);
        }
    }

    static EpollWaitReadinessRing open(int maxEvents, ReadySink sink) throws IOException {
        checkSize(maxEvents);
        FileDescriptor epfd = new FileDescriptor(Native.epollCreate());
        WakeupEventFd wakeupFd = null;
        try {
            wakeupFd = new WakeupEventFd();
            Native.epollCtl(epfd.intValue(), LinuxConstants.EPOLL_CTL_ADD, wakeupFd.intValue(),
                    ReadyOps.IN | LinuxConstants.EPOLLET, RingTokens.WAKEUP);
            return new EpollWaitReadinessRing(epfd, wakeupFd, maxEvents, sink);
        } catch (IOException | RuntimeException e) {
            if (wakeupFd != null) {
                wakeupFd.close();
            }
            epfd.close();
            throw e;
        }
    }

    @Override
    public UepollRing kind() {
        return UepollRing.EPOLL_WAIT;
    }

    @Override
    public void add(int fd, int interest, long token) throws IOException {
        ctl(LinuxConstants.EPOLL_CTL_ADD, fd, interest, token);
    }

    @Override
    public void modify(int fd, int interest, long token) throws IOException {
        ctl(LinuxConstants.EPOLL_CTL_MOD, fd, interest, token);
    }

    @Override
    public void remove(int fd, long token) throws IOException {
        checkOpen();
        RingTokens.checkFd(fd);
        Native.epollCtl(epfd.intValue(), LinuxConstants.EPOLL_CTL_DEL, fd, 0, 0);
        // Events of this fd may sit in the buffer already: never deliver them after removal.
        for (int i = next; i < buffered; i++) {
            if (data(i) == token) {
                events.putLong(i * eventSize + dataOffset, RingTokens.WAKEUP);
                events.putInt(i * eventSize, 0);
            }
        }
    }

    private void ctl(int op, int fd, int interest, long token) throws IOException {
        checkOpen();
        RingTokens.checkFd(fd);
        RingTokens.checkToken(token);
        Native.epollCtl(epfd.intValue(), op, fd, ReadyOps.checkInterest(interest) | LinuxConstants.EPOLLET, token);
    }

    @Override
    public boolean harvestNeedsSyscall() {
        return true;
    }

    @Override
    public int harvest() throws IOException {
        checkOpen();
        if (next == buffered && !awaited) {
            fill(waitRaw(0));
        }
        awaited = false;
        int delivered = 0;
        try {
            while (next < buffered) {
                // Advanced before the sink runs: an event whose handler throws is not delivered twice.
                int i = next++;
                long token = data(i);
                if (token == RingTokens.WAKEUP) {
                    wakeupFd.drain();
                    continue;
                }
                delivered++;
                sink.onReady(token, events.getInt(i * eventSize));
            }
        } finally {
            counters.addEvents(delivered);
        }
        return delivered;
    }

    private void fill(int n) {
        buffered = n;
        next = 0;
    }

    @Override
    public void await(long timeoutNanos) throws IOException {
        checkOpen();
        if (next == buffered && timeoutNanos != 0) {
            counters.incrementKernelWaits();
            fill(waitRaw(timeoutNanos));
            awaited = true;
        }
    }

    private int waitRaw(long timeoutNanos) throws IOException {
        long address = Buffer.memoryAddress(events);
        int n = KernelWait.untilDeadline(timeoutNanos, left -> Native.epollWaitRaw(epfd.intValue(), address, maxEvents, left));
        if (n < 0) {
            throw Errors.newIOException("epoll_wait", n);
        }
        return n;
    }

    private long data(int i) {
        return events.getLong(i * eventSize + dataOffset);
    }

    @Override
    void closeRing() {
        try {
            epfd.close();
        } catch (IOException e) {
            throw new IllegalStateException("closing the EPOLL_WAIT ring failed", e);
        } finally {
            Buffer.free(events);
        }
    }
}
