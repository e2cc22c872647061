package io.uepoll.channel.internal;

import io.netty.channel.unix.Errors;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.UepollRing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static io.uepoll.channel.internal.IoUringLayout.*;

/**
 * IO_URING: readiness from a stock kernel's io_uring completion ring, fed by one multishot
 * POLL_ADD per fd. Interest changes are POLL_REMOVE updates queued in the SQ and flushed with the
 * next enter. A poll ends (a CQE without F_MORE) when the CQ overflows; it is re-armed, and the
 * re-arm re-polls, so no readiness is lost.
 */
final class IoUringReadinessRing extends AbstractReadinessRing implements IoUringCompletionQueue.CqeHandler, IoRing {
    private static final InternalLogger LOGGER = InternalLoggerFactory.getInstance(IoUringReadinessRing.class);
    // Request kinds in the top three bits of user_data; the token below (RingTokens.TOKEN_MASK).
    private static final long KIND_POLL = 0L;
    private static final long KIND_UPDATE = 1L << 61;
    private static final long KIND_CANCEL = 2L << 61;
    private static final long KIND_SEND = 3L << 61;
    private static final long KIND_RECV = 4L << 61;
    private static final long KIND_RECV_MULTISHOT = 5L << 61;
    private static final long KIND_ACCEPT_MULTISHOT = 6L << 61;
    private static final long KIND_CONNECT = 7L << 61;
    private static final long KIND_MASK = 7L << 61;
    /**
     * Overflow flushes per harvest. A poll that ended on overflow is re-armed, and one whose socket stays
     * ready (a hang-up, an unconnected socket) completes again at once: with more of them than the ring
     * holds, flushing until no overflow is left never ends, and the loop's tasks (the very connect that
     * would end the hang-up) never run. The next harvest flushes the rest first.
     */
    private static final int MAX_OVERFLOW_FLUSHES = 4;

    /** One armed (or to be re-armed) multishot poll. */
    private static final class Poll {
        final int fd;
        int interest;
        boolean armed;
        boolean removed;

        Poll(int fd, int interest) {
            this.fd = fd;
            this.interest = interest;
        }
    }

    private final IoUringSetup setup;
    private final IoUringSubmissionQueue sq;
    private final IoUringCompletionQueue cq;
    private final LongObjectHashMap<Poll> polls = new LongObjectHashMap<>();
    /** Sends and receives in flight by token; an entry leaves only with its CQE (or when the ring closes). */
    private final LongObjectHashMap<Completion> sends = new LongObjectHashMap<>();
    private final LongObjectHashMap<Completion> recvs = new LongObjectHashMap<>();
    private final LongObjectHashMap<Completion> connects = new LongObjectHashMap<>();
    /** Multishot receives by token; an entry leaves with the CQE that has no F_MORE. */
    private final LongObjectHashMap<Receiver> multishots = new LongObjectHashMap<>();
    /** Multishot accepts by token; an entry leaves with the CQE that has no F_MORE. */
    private final LongObjectHashMap<Acceptor> acceptors = new LongObjectHashMap<>();
    /** Where multishot receives take their buffers; null when the kernel refused it or it is turned off. */
    private final ProvidedBufferRing buffers;
    /** False when this ring only carries another ring's sends: see {@link #openForSends}. */
    private final boolean carriesReceives;

    private int delivered;
    /** A drain is running (a harvest, or a remove's completeNow): another may not start inside it. */
    private boolean draining;
    /** CQEs a remove drained out of turn, kept in order for the next harvest: user_data, then res and flags. */
    private long[] deferred = new long[16];
    private int deferredLongs;

    private IoUringReadinessRing(IoUringSetup setup, ProvidedBufferRing buffers, WakeupEventFd wakeupFd,
                                 ReadySink sink, RingCounters counters, boolean carriesReceives) {
        super(wakeupFd, sink, counters);
        this.setup = setup;
        this.buffers = buffers;
        this.carriesReceives = carriesReceives;
        this.sq = setup.submissionQueue();
        this.cq = setup.completionQueue();
    }

    static IoUringReadinessRing open(int cqEntries, ReadySink sink, int bufferRingEntries) throws IOException {
        return open(cqEntries, sink, bufferRingEntries, new RingCounters(), true);
    }

    /**
     * An io_uring that only carries another ring's sends (USERPOLL's): no fd is ever added, its
     * counters are the other ring's, and stream channels keep receiving with syscalls.
     */
    static IoUringReadinessRing openForSends(int cqEntries, RingCounters counters) throws IOException {
        return open(cqEntries, (token, ops) -> { }, 0, counters, false);
    }

    private static IoUringReadinessRing open(int cqEntries, ReadySink sink, int bufferRingEntries,
                                             RingCounters counters, boolean carriesReceives) throws IOException {
        IoUringSetup setup = IoUringSetup.create(cqEntries);
        WakeupEventFd wakeupFd = null;
        ProvidedBufferRing buffers = null;
        try {
            buffers = providedBuffers(setup, bufferRingEntries, counters);
            wakeupFd = new WakeupEventFd();
            IoUringReadinessRing ring = new IoUringReadinessRing(setup, buffers, wakeupFd, sink, counters,
                    carriesReceives);
            if (carriesReceives) {
                // Submitted with the first enter, from the thread that will own the ring. A ring that only
                // carries another ring's sends is never slept on, so nothing needs to wake it.
                ring.sq.pollAdd(wakeupFd.intValue(), ReadyOps.IN, RingTokens.WAKEUP);
            }
            return ring;
        } catch (IOException | RuntimeException e) {
            if (wakeupFd != null) {
                wakeupFd.close();
            }
            setup.close();
            if (buffers != null) {
                buffers.close(); // after the ring fd: see ProvidedBufferRing.close
            }
            throw e;
        }
    }

    /** The configured provided-buffer ring, or null: off, or a kernel without buffer rings (5.19+). */
    private static ProvidedBufferRing providedBuffers(IoUringSetup setup, int entries, RingCounters counters) {
        if (entries == 0) {
            return null;
        }
        try {
            return ProvidedBufferRing.register(setup.ringFd(), entries, ProvidedBufferRing.configuredBufferSize(),
                    ProvidedBufferRing.configuredIncremental(), counters);
        } catch (IOException e) {
            LOGGER.debug("No provided-buffer ring: receives take one allocator buffer each", e);
            return null;
        }
    }

    @Override
    public UepollRing kind() {
        return UepollRing.IO_URING;
    }

    @Override
    public void add(int fd, int interest, long token) throws IOException {
        checkOpen();
        RingTokens.checkFd(fd);
        // POLL_ADD reports a bad fd only later, in a CQE: check now so the caller gets the error.
        Native.checkFdOpen(fd);
        addOpen(fd, interest, token);
    }

    /** Trusts the caller: an fd closed anyway ends its poll with an error, delivered as ERR | HUP (see onPoll). */
    @Override
    public void addOpen(int fd, int interest, long token) throws IOException {
        checkOpen();
        RingTokens.checkFd(fd);
        RingTokens.checkToken(token);
        ReadyOps.checkInterest(interest);
        if (polls.containsKey(token)) {
            throw new IllegalArgumentException("token already registered: " + token);
        }
        Poll poll = new Poll(fd, interest);
        polls.put(token, poll);
        arm(token, poll);
    }

    @Override
    public void modify(int fd, int interest, long token) throws IOException {
        checkOpen();
        ReadyOps.checkInterest(interest);
        Poll poll = registered(token);
        if (poll.interest == interest) {
            return;
        }
        poll.interest = interest;
        if (poll.armed) {
            // A poll that ended is re-armed with the new interest by the CQE that ended it.
            ensureSqSpace();
            sq.pollUpdate(token | KIND_POLL, interest, token | KIND_UPDATE);
        }
    }

    @Override
    public void remove(int fd, long token) throws IOException {
        checkOpen();
        if (!queuePollCancel(token)) {
            return;
        }
        boolean ioInFlight = queueIoCancels(token);
        // GETEVENTS runs the cancellations' task work in this call, which drops the poll's file
        // reference: after it returns a close(fd) really closes the socket.
        enter(0, -1);
        if (ioInFlight && !draining) {
            completeNow(token);
        }
    }

    /** Forgets the token's poll and queues its cancel; false when the token has no poll here. */
    private boolean queuePollCancel(long token) throws IOException {
        Poll poll = polls.remove(token);
        if (poll == null) {
            return false;
        }
        poll.removed = true;
        ensureSqSpace();
        sq.cancel(token | KIND_POLL, token | KIND_CANCEL);
        return true;
    }

    /**
     * The poll's and the multishot requests' cancels, then an IORING_OP_CLOSE, all issued in order by the
     * loop's next enter: no enter and no close(2) of its own. The socket really closes (FIN or RST) when
     * the cancelled requests drop their file references, in that enter's task work. Not with a send,
     * receive or connect in flight: their memory must be released before the channel's close returns,
     * which {@link #remove} ensures.
     */
    @Override
    public boolean removeAndClose(int fd, long token) throws IOException {
        checkOpen();
        if (!carriesReceives || sends.containsKey(token) || recvs.containsKey(token) || connects.containsKey(token)
                || !queuePollCancel(token)) {
            return false;
        }
        queueIoCancels(token); // only multishot requests are left to cancel
        ensureSqSpace();
        sq.close(fd, token | KIND_CANCEL); // its result needs nothing, as a cancel's
        counters.incrementRingCloses();
        return true;
    }

    /**
     * Cancels the token's sends and receives, for a ring that has no poll of the fd (it carries another
     * ring's sends): returns once their completions have run (unless a kernel worker still runs one;
     * then it comes with a later harvest) and the kernel holds no reference to the fd for them.
     */
    void cancelIo(long token) throws IOException {
        checkOpen();
        if (queueIoCancels(token)) {
            enter(0, -1);
            if (!draining) {
                completeNow(token);
            }
        }
    }

    /**
     * Queues a cancel of each send and receive in flight for the token; true when there was one. A send
     * or receive still completes (bytes moved, or -ECANCELED) and its completion runs then. A send queued
     * before its cancel is issued first, so bytes a flush queued go out if they fit.
     */
    private boolean queueIoCancels(long token) throws IOException {
        if (sends.containsKey(token)) {
            ensureSqSpace();
            sq.cancel(token | KIND_SEND, token | KIND_CANCEL);
        }
        if (recvs.containsKey(token)) {
            ensureSqSpace();
            sq.cancel(token | KIND_RECV, token | KIND_CANCEL);
        }
        if (connects.containsKey(token)) {
            ensureSqSpace();
            sq.cancel(token | KIND_CONNECT, token | KIND_CANCEL);
        }
        cancelRecvMultishot(token);
        cancelAcceptMultishot(token);
        return sends.containsKey(token) || recvs.containsKey(token) || multishots.containsKey(token)
                || acceptors.containsKey(token) || connects.containsKey(token);
    }

    /**
     * The cancellations just ran, so the token's send and receive CQEs are in the ring (unless the
     * request was running in a kernel worker): run their completions now, so a close releases the
     * requests' memory before it returns, and keep every other CQE, in order, for the next harvest.
     */
    private void completeNow(long token) {
        draining = true;
        try {
            cq.drain((userData, res, flags) -> {
                long kind = userData & KIND_MASK;
                if ((userData & RingTokens.TOKEN_MASK) == token && (kind == KIND_SEND || kind == KIND_RECV
                        || kind == KIND_RECV_MULTISHOT || kind == KIND_ACCEPT_MULTISHOT || kind == KIND_CONNECT)) {
                    handle(userData, res, flags);
                } else {
                    defer(userData, res, flags);
                }
            });
        } finally {
            draining = false;
        }
    }

    private void defer(long userData, int res, int flags) {
        if (deferredLongs == deferred.length) {
            deferred = Arrays.copyOf(deferred, deferred.length * 2);
        }
        deferred[deferredLongs++] = userData;
        deferred[deferredLongs++] = (long) res << 32 | (flags & 0xFFFFFFFFL);
    }

    /** Hands the CQEs a remove kept to their handlers, before anything newer. */
    private void replayDeferred() {
        int longs = deferredLongs;
        deferredLongs = 0;
        int i = 0;
        try {
            for (; i < longs; i += 2) {
                long packed = deferred[i + 1];
                handle(deferred[i], (int) (packed >> 32), (int) packed);
            }
        } finally {
            // As in a drain, a CQE whose handler threw counts as handled; the rest wait for the next harvest.
            int rest = Math.max(0, longs - i - 2);
            System.arraycopy(deferred, longs - rest, deferred, 0, rest);
            deferredLongs = rest;
        }
    }

    @Override
    public boolean harvestNeedsSyscall() {
        return false;
    }

    @Override
    public int harvest() throws IOException {
        checkOpen();
        if (needsEnterBeforeHarvest()) {
            enter(0, -1);
        }
        delivered = 0;
        draining = true;
        try {
            replayDeferred();
            int flushes = 0;
            while (cq.drain(this) > 0 && overflowed() && flushes++ < MAX_OVERFLOW_FLUSHES) {
                // CQEs wait in the kernel's overflow list: pull them into the ring we just emptied.
                counters.incrementOverflows();
                enter(0, -1);
            }
        } finally {
            draining = false;
            counters.addEvents(delivered);
        }
        return delivered;
    }

    /** True when a harvest now would hand over completions. */
    boolean hasCompletions() {
        return !cq.isEmpty() || deferredLongs > 0;
    }

    /** Submits what is queued, without waiting; for a ring whose loop sleeps elsewhere. */
    void submitPending() throws IOException {
        if (sq.pending() > 0) {
            enter(0, -1);
        }
    }

    /** The ring's own fd: pollable, readable when completions are posted. */
    int ringFd() {
        return setup.ringFd();
    }

    @Override
    public void await(long timeoutNanos) throws IOException {
        checkOpen();
        if (hasCompletions()) {
            return;
        }
        counters.incrementKernelWaits();
        enter(timeoutNanos == 0 ? 0 : 1, timeoutNanos);
    }

    @Override
    public IoRing ioRing() {
        return this;
    }

    // MSG_NOSIGNAL on every send: a closed peer is an -EPIPE result, never a SIGPIPE.
    @Override
    public void send(int fd, long token, long address, int length, Completion completion) throws IOException {
        start(sends, token, completion, "send");
        sq.send(fd, address, length, LinuxConstants.MSG_NOSIGNAL, token | KIND_SEND);
        counters.incrementSends();
    }

    @Override
    public void sendmsg(int fd, long token, long msghdr, Completion completion) throws IOException {
        start(sends, token, completion, "send");
        sq.sendmsg(fd, msghdr, LinuxConstants.MSG_NOSIGNAL, token | KIND_SEND);
        counters.incrementSends();
    }

    @Override
    public void recv(int fd, long token, long address, int length, Completion completion) throws IOException {
        start(recvs, token, completion, "receive");
        sq.recv(fd, address, length, token | KIND_RECV);
        counters.incrementRecvs();
    }

    @Override
    public boolean carriesReceives() {
        return carriesReceives;
    }

    @Override
    public boolean providesBuffers() {
        return buffers != null;
    }

    @Override
    public boolean buffersIncremental() {
        return buffers != null && buffers.incremental();
    }

    @Override
    public void recvMultishot(int fd, long token, Receiver receiver) throws IOException {
        if (buffers == null) {
            throw new IllegalStateException("this ring has no provided buffers: use recv");
        }
        start(multishots, token, receiver, "multishot receive");
        sq.recvMultishot(fd, buffers.groupId(), token | KIND_RECV_MULTISHOT);
        counters.incrementRecvs();
    }

    @Override
    public void cancelRecvMultishot(long token) throws IOException {
        if (multishots.containsKey(token)) {
            ensureSqSpace();
            sq.cancel(token | KIND_RECV_MULTISHOT, token | KIND_CANCEL);
        }
    }

    @Override
    public void connect(int fd, long token, long sockaddr, int length, Completion completion) throws IOException {
        if (!carriesReceives) {
            throw new IllegalStateException("this ring carries sends only: connect with syscalls");
        }
        start(connects, token, completion, "connect");
        sq.connect(fd, sockaddr, length, token | KIND_CONNECT);
    }

    @Override
    public void acceptMultishot(int fd, long token, Acceptor acceptor) throws IOException {
        if (!carriesReceives) {
            throw new IllegalStateException("this ring carries sends only: accept with syscalls");
        }
        start(acceptors, token, acceptor, "multishot accept");
        sq.acceptMultishot(fd, LinuxConstants.SOCK_NONBLOCK | LinuxConstants.SOCK_CLOEXEC, token | KIND_ACCEPT_MULTISHOT);
    }

    @Override
    public void cancelAcceptMultishot(long token) throws IOException {
        if (acceptors.containsKey(token)) {
            ensureSqSpace();
            sq.cancel(token | KIND_ACCEPT_MULTISHOT, token | KIND_CANCEL);
        }
    }

    /** Checks there is room and no request of the kind in flight for the token, and records the completion. */
    private <T> void start(LongObjectHashMap<T> inFlight, long token, T completion, String what)
            throws IOException {
        checkOpen();
        RingTokens.checkToken(token);
        if (inFlight.containsKey(token)) {
            throw new IllegalStateException("a " + what + " is already in flight for token " + token);
        }
        ensureSqSpace();
        inFlight.put(token, completion);
    }

    @Override
    void closeRing() {
        try {
            submitPending(); // fds whose close is queued (removeAndClose) must not stay open with the ring gone
        } catch (IOException | RuntimeException e) {
            LOGGER.debug("Submitting the last SQEs before the ring closed failed", e);
        }
        polls.clear();
        // Closing the ring fd cancels every poll and send and drops their file references.
        setup.close();
        cancelAll(sends, c -> c.complete(-LinuxConstants.ECANCELED, false));
        cancelAll(recvs, c -> c.complete(-LinuxConstants.ECANCELED, false));
        cancelAll(connects, c -> c.complete(-LinuxConstants.ECANCELED, false));
        cancelAll(multishots, r -> r.received(null, -LinuxConstants.ECANCELED, false, true));
        cancelAll(acceptors, a -> a.accepted(-LinuxConstants.ECANCELED, true));
        if (buffers != null) {
            buffers.close(); // the ring fd is closed: no receive writes into them any more
        }
    }

    /** Ends every request of a kind as cancelled; one that throws does not keep the others from their memory. */
    private static <T> void cancelAll(LongObjectHashMap<T> inFlight, Consumer<T> cancel) {
        List<T> pending = new ArrayList<>(inFlight.values());
        inFlight.clear();
        for (T request : pending) {
            try {
                cancel.accept(request);
            } catch (RuntimeException e) {
                LOGGER.debug("A completion failed while the ring closed", e);
            }
        }
    }

    @Override
    public void handle(long userData, int res, int flags) {
        long token = userData & RingTokens.TOKEN_MASK;
        long kind = userData & KIND_MASK;
        boolean more = (flags & IORING_CQE_F_MORE) != 0;
        if (kind == KIND_POLL) {
            if (token == RingTokens.WAKEUP) {
                onWakeup(more);
            } else {
                onPoll(token, res, more);
            }
        } else if (kind == KIND_SEND) {
            completed(sends, token, res, flags);
        } else if (kind == KIND_RECV) {
            completed(recvs, token, res, flags);
        } else if (kind == KIND_RECV_MULTISHOT) {
            receivedMultishot(token, res, flags);
        } else if (kind == KIND_ACCEPT_MULTISHOT) {
            acceptedMultishot(token, res, more);
        } else if (kind == KIND_CONNECT) {
            connected(token, res);
        } else if (kind == KIND_UPDATE && res == Native.ERRNO_EALREADY_NEGATIVE) {
            retryUpdate(token);
        }
        // KIND_CANCEL results and -ENOENT updates need nothing: the ending CQE re-arms.
    }

    private void onPoll(long token, int res, boolean more) {
        Poll poll = polls.get(token);
        if (poll == null) {
            return; // removed: a stale CQE
        }
        if (!more) {
            poll.armed = false;
        }
        if (res > 0) {
            int ops = ReadyOps.visible(res, poll.interest);
            if (ops != 0) {
                delivered++;
                sink.onReady(token, ops);
            }
        } else if (res == -LinuxConstants.EBADF && !poll.removed) {
            // The fd was closed behind its owner's back (addOpen does not check): the owner must learn it, as
            // epoll_ctl would have told it at once, or it waits for an event that never comes.
            delivered++;
            sink.onReady(token, ReadyOps.ERR | ReadyOps.HUP);
        }
        if (!more && !poll.removed && res >= 0) {
            counters.incrementRearms();
            arm(token, poll);
        }
    }

    private void completed(LongObjectHashMap<Completion> inFlight, long token, int res, int flags) {
        Completion completion = inFlight.remove(token);
        if (completion != null) {
            counters.incrementCompletions();
            delivered++; // work done: the loop must not sleep before it runs what the completion scheduled
            completion.complete(res, (flags & IORING_CQE_F_SOCK_NONEMPTY) != 0);
        }
    }

    /** One CQE of a multishot receive; its buffer goes back to the ring once the receiver returns. */
    private void receivedMultishot(long token, int res, int flags) {
        boolean last = (flags & IORING_CQE_F_MORE) == 0;
        Receiver receiver = last ? multishots.remove(token) : multishots.get(token);
        boolean hasBuffer = (flags & IORING_CQE_F_BUFFER) != 0;
        int bid = flags >>> IORING_CQE_BUFFER_SHIFT;
        try {
            if (res == -LinuxConstants.ENOBUFS) {
                counters.incrementBufferRingEmpty();
            }
            if (receiver != null) {
                if (last) {
                    counters.incrementCompletions(); // a multishot request completes once, with its last CQE
                }
                delivered++;
                receiver.received(hasBuffer && res > 0 ? buffers.bytes(bid, res) : null, res,
                        (flags & IORING_CQE_F_SOCK_NONEMPTY) != 0, last);
            }
        } finally {
            if (hasBuffer) {
                buffers.release(bid, res, (flags & IORING_CQE_F_BUF_MORE) != 0);
            }
        }
    }

    /** A connect's CQE: counted apart from sends and receives. */
    private void connected(long token, int res) {
        Completion completion = connects.remove(token);
        if (completion != null) {
            counters.incrementConnects();
            delivered++;
            completion.complete(res, false);
        }
    }

    /** One CQE of a multishot accept; a connection nobody waits for any more is closed at once. */
    private void acceptedMultishot(long token, int res, boolean more) {
        Acceptor acceptor = more ? acceptors.get(token) : acceptors.remove(token);
        if (acceptor == null) {
            if (res >= 0) {
                Acceptor.closeAccepted(res); // its listener left the ring: the fd would leak
            }
            return;
        }
        if (res >= 0) {
            counters.incrementAccepts(); // not a completion: those count sends and receives
        }
        delivered++;
        acceptor.accepted(res, !more);
    }

    private void onWakeup(boolean more) {
        wakeupFd.drain();
        if (!more) {
            counters.incrementRearms();
            ensureSqSpaceUnchecked();
            sq.pollAdd(wakeupFd.intValue(), ReadyOps.IN, RingTokens.WAKEUP);
        }
    }

    private void retryUpdate(long token) {
        Poll poll = polls.get(token);
        if (poll != null && poll.armed) {
            ensureSqSpaceUnchecked();
            sq.pollUpdate(token | KIND_POLL, poll.interest, token | KIND_UPDATE);
        }
    }

    private void arm(long token, Poll poll) {
        ensureSqSpaceUnchecked();
        poll.armed = true;
        sq.pollAdd(poll.fd, poll.interest, token | KIND_POLL);
    }

    private boolean needsEnterBeforeHarvest() {
        int sqFlags = sq.flags();
        return sq.pending() > 0 || (sqFlags & IORING_SQ_CQ_OVERFLOW) != 0
                || (sqFlags & IORING_SQ_TASKRUN) != 0 && cq.isEmpty();
    }

    private boolean overflowed() {
        return (sq.flags() & IORING_SQ_CQ_OVERFLOW) != 0;
    }

    private void ensureSqSpace() throws IOException {
        if (sq.isFull()) {
            enter(0, -1);
        }
    }

    /** For CQE callbacks, which cannot throw checked exceptions. */
    private void ensureSqSpaceUnchecked() {
        try {
            ensureSqSpace();
        } catch (IOException e) {
            throw new IllegalStateException("io_uring submit failed", e);
        }
    }

    /** Submits every pending SQE; waits for {@code minComplete} CQEs ({@code timeoutNanos < 0}: no limit). */
    private void enter(int minComplete, long timeoutNanos) throws IOException {
        setup.enableOnCurrentThread();
        counters.incrementEnters();
        int flags = IORING_ENTER_GETEVENTS | setup.enterFlags();
        int res = minComplete == 0
                ? Native.ioUringEnterRaw(setup.enterFd(), sq.pending(), 0, flags, -1)
                : KernelWait.untilDeadline(timeoutNanos,
                        left -> Native.ioUringEnterRaw(setup.enterFd(), sq.pending(), minComplete, flags, left));
        if (res < 0 && res != Native.ERRNO_ETIME_NEGATIVE && res != Native.ERRNO_EINTR_NEGATIVE
                && res != Native.ERRNO_EBUSY_NEGATIVE && res != Native.ERRNO_EAGAIN_NEGATIVE) {
            throw Errors.newIOException("io_uring_enter", res);
        }
    }

    private Poll registered(long token) {
        Poll poll = polls.get(token);
        if (poll == null) {
            throw new IllegalArgumentException("token not registered: " + token);
        }
        return poll;
    }
}
