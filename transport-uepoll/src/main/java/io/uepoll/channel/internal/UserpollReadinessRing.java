package io.uepoll.channel.internal;

import io.netty.channel.unix.Errors;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.internal.MathUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.UepollRing;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.uepoll.channel.internal.UserpollLayout.*;

/**
 * USERPOLL: the seed's own ring. The kernel appends ready items to an index ring in memory mapped
 * from the epoll fd; harvesting is a walk of that memory with no syscall. epoll_wait is called only
 * to sleep, with no event buffer; it returns -ESTALE when the ring already holds events.
 *
 * <p>With the data path {@code ring} it is paired with a small io_uring that carries the loop's sends:
 * they are queued as SQEs and reach the kernel in one {@code io_uring_enter} per harvest; the
 * io_uring's fd sits in this epoll set, so a completion wakes a sleeping loop. Receives stay syscalls
 * driven by readiness (through the io_uring they would leave this ring nothing to carry).
 */
final class UserpollReadinessRing extends AbstractReadinessRing {
    private static final InternalLogger LOGGER = InternalLoggerFactory.getInstance(UserpollReadinessRing.class);
    private static final int PAGE_SIZE = 4096;
    /**
     * The paired io_uring's token in the epoll set: outside the callers' range and not {@link RingTokens#WAKEUP}
     * (epoll data is 64 bits; no io_uring reads it). Its readiness only wakes the loop: every harvest
     * drains the io_uring anyway.
     */
    private static final long SEND_RING = 1L << 62;

    private final FileDescriptor epfd;
    private final MappedRegion headerRegion;
    private final MappedRegion indexRegion;
    private final ByteBuffer header;
    private final ByteBuffer index;
    private final int maxItems;
    /** Carries the loop's sends (data path ring), or null: they are syscalls. Owned: closed with this ring. */
    private IoUringReadinessRing sendRing;
    private int delivered;
    /** The walk's sink: drops the wakeup eventfd's entries, counts and forwards the rest. */
    private final ReadySink walked = this::onWalked;

    private UserpollReadinessRing(FileDescriptor epfd, MappedRegion headerRegion, MappedRegion indexRegion,
                                  WakeupEventFd wakeupFd, ReadySink sink) {
        super(wakeupFd, sink);
        this.epfd = epfd;
        this.headerRegion = headerRegion;
        this.indexRegion = indexRegion;
        this.header = headerRegion.buffer();
        this.index = indexRegion.buffer();
        // Plain read: written once by the kernel before epoll_create2 returned.
        this.maxItems = header.getInt(MAX_ITEMS_OFFSET);
    }

    static void checkSize(int maxItems) {
        if (maxItems < 1 || maxItems >= MAX_ITEMS_LIMIT) {
            throw new IllegalArgumentException("USERPOLL ring size must be in [1, " + (MAX_ITEMS_LIMIT - 1)
                    + "] (one item is the loop's wakeup): " + maxItems);
        }
    }

    /**
     * Opens the ring; with {@code carrySends} also its paired io_uring for the loop's sends, or none (sends
     * stay syscalls, logged at debug) when this kernel cannot have one.
     */
    static UserpollReadinessRing open(int maxItems, ReadySink sink, boolean carrySends) throws IOException {
        UserpollReadinessRing ring = open(maxItems, sink);
        if (carrySends) {
            try {
                ring.pairSendRing(maxItems);
            } catch (IOException | RuntimeException e) {
                ring.close();
                throw e;
            }
        }
        return ring;
    }

    static UserpollReadinessRing open(int maxItems, ReadySink sink) throws IOException {
        checkSize(maxItems);
        int nr = UserpollProbe.epollCreate2SyscallNumber();
        FileDescriptor epfd = new FileDescriptor(Native.epollCreate2(nr, EPOLL_USERPOLL | LinuxConstants.EPOLL_CLOEXEC,
                maxItems + 1));
        MappedRegion headerRegion = null;
        MappedRegion indexRegion = null;
        WakeupEventFd wakeupFd = null;
        try {
            headerRegion = mapHeader(epfd.intValue());
            ByteBuffer header = headerRegion.buffer();
            // Plain reads: both lengths are written once by the kernel before epoll_create2 returned.
            indexRegion = MappedRegion.map(epfd.intValue(), header.getInt(HEADER_LENGTH_OFFSET),
                    header.getInt(INDEX_LENGTH_OFFSET), "USERPOLL index ring");
            wakeupFd = new WakeupEventFd();
            UserpollReadinessRing ring = new UserpollReadinessRing(epfd, headerRegion, indexRegion, wakeupFd, sink);
            Native.epollCtl(epfd.intValue(), LinuxConstants.EPOLL_CTL_ADD, wakeupFd.intValue(),
                    ReadyOps.IN | LinuxConstants.EPOLLET, RingTokens.WAKEUP);
            return ring;
        } catch (IOException | RuntimeException e) {
            if (wakeupFd != null) {
                wakeupFd.close();
            }
            if (indexRegion != null) {
                indexRegion.close();
            }
            if (headerRegion != null) {
                headerRegion.close();
            }
            epfd.close();
            throw e;
        }
    }

    private void pairSendRing(int maxItems) throws IOException {
        IoUringReadinessRing ring;
        try {
            // One send in flight per channel; CQ overflow is handled, so the size only bounds batching.
            ring = IoUringReadinessRing.openForSends(cqEntriesFor(maxItems), counters);
        } catch (IOException e) {
            LOGGER.debug("No io_uring to pair with USERPOLL: sends stay syscalls", e);
            return;
        }
        try {
            Native.epollCtl(epfd.intValue(), LinuxConstants.EPOLL_CTL_ADD, ring.ringFd(),
                    ReadyOps.IN | LinuxConstants.EPOLLET, SEND_RING);
        } catch (IOException | RuntimeException e) {
            ring.close();
            throw e;
        }
        sendRing = ring;
    }

    private static int cqEntriesFor(int maxItems) {
        return Math.min(MathUtil.findNextPositivePowerOfTwo(Math.max(2, maxItems)), IoUringSetup.MAX_CQ_ENTRIES);
    }

    /** Maps one page, learns header_length from it, and remaps the whole header when it is larger. */
    private static MappedRegion mapHeader(int epfd) throws IOException {
        MappedRegion first = MappedRegion.map(epfd, 0, PAGE_SIZE, "USERPOLL header");
        ByteBuffer header = first.buffer();
        // Plain reads: written once by the kernel before epoll_create2 returned.
        int magic = header.getInt(MAGIC_OFFSET);
        int headerLength = header.getInt(HEADER_LENGTH_OFFSET);
        if (magic != MAGIC) {
            first.close();
            throw new IOException("USERPOLL header has bad magic 0x" + Integer.toHexString(magic));
        }
        if (headerLength <= PAGE_SIZE) {
            return first;
        }
        first.close();
        return MappedRegion.map(epfd, 0, headerLength, "USERPOLL header and items");
    }

    @Override
    public UepollRing kind() {
        return UepollRing.USERPOLL;
    }

    @Override
    public void add(int fd, int interest, long token) throws IOException {
        ctl(LinuxConstants.EPOLL_CTL_ADD, fd, interest, token);
    }

    @Override
    public void modify(int fd, int interest, long token) throws IOException {
        ctl(LinuxConstants.EPOLL_CTL_MOD, fd, interest, token);
    }

    private void ctl(int op, int fd, int interest, long token) throws IOException {
        checkOpen();
        RingTokens.checkFd(fd);
        RingTokens.checkToken(token);
        try {
            Native.epollCtl(epfd.intValue(), op, fd, ReadyOps.checkInterest(interest) | LinuxConstants.EPOLLET, token);
        } catch (Errors.NativeIoException e) {
            if (e.expectedErr() == Native.ERRNO_ENOSPC_NEGATIVE) {
                throw new IOException("USERPOLL ring is full: all " + (maxItems - 1) + " items are in use", e);
            }
            throw e;
        }
    }

    @Override
    public void remove(int fd, long token) throws IOException {
        checkOpen();
        RingTokens.checkFd(fd);
        if (sendRing != null) {
            sendRing.cancelIo(token); // before the fd may be closed: the kernel lets go of its sends first
        }
        // DEL marks a pending slot EPOLLREMOVED; the walk drops its stale entry.
        Native.epollCtl(epfd.intValue(), LinuxConstants.EPOLL_CTL_DEL, fd, 0, 0);
    }

    @Override
    public boolean harvestNeedsSyscall() {
        return false;
    }

    @Override
    public int harvest() throws IOException {
        checkOpen();
        delivered = 0;
        try {
            // The walk's own count includes the wakeup eventfd's entry; onReady counts what reaches the sink.
            UserpollRingWalker.harvest(header, index, maxItems, walked);
        } finally {
            counters.addEvents(delivered);
        }
        // The one io_uring_enter of the iteration, when sends were queued; the completions are in memory.
        return sendRing == null ? delivered : delivered + sendRing.harvest();
    }

    private void onWalked(long token, int readyOps) {
        if (token == RingTokens.WAKEUP) {
            wakeupFd.drain();
        } else if (token != SEND_RING) {
            delivered++;
            sink.onReady(token, readyOps);
        }
    }

    @Override
    public void await(long timeoutNanos) throws IOException {
        checkOpen();
        if (sendRing != null) {
            sendRing.submitPending(); // sends queued by this harvest's handlers must not wait for the sleep
            if (sendRing.hasCompletions()) {
                return;
            }
        }
        if (timeoutNanos == 0 || !UserpollRingWalker.isEmpty(header)) {
            return;
        }
        counters.incrementKernelWaits();
        // No event buffer: the kernel only sleeps; -ESTALE says the ring has events.
        int res = KernelWait.untilDeadline(timeoutNanos, left -> Native.epollWaitRaw(epfd.intValue(), 0L, 0, left));
        if (res < 0 && res != Native.ERRNO_ESTALE_NEGATIVE) {
            throw Errors.newIOException("epoll_wait (USERPOLL)", res);
        }
    }

    @Override
    public IoRing ioRing() {
        return sendRing;
    }

    @Override
    void closeRing() {
        if (sendRing != null) {
            sendRing.close(); // first: its sends' completions run (-ECANCELED) while the channels' fds are open
        }
        indexRegion.close();
        headerRegion.close();
        try {
            epfd.close();
        } catch (IOException e) {
            throw new IllegalStateException("closing the USERPOLL ring failed", e);
        }
    }
}
