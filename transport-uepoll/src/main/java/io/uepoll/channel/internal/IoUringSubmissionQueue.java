package io.uepoll.channel.internal;

import java.nio.ByteBuffer;

import static io.uepoll.channel.internal.IoUringLayout.*;
import static io.uepoll.channel.internal.SharedMemory.loadAcquireInt;
import static io.uepoll.channel.internal.SharedMemory.loadOpaqueInt;
import static io.uepoll.channel.internal.SharedMemory.storeReleaseInt;

/** The SQ side of an io_uring: we produce SQEs, the kernel consumes them in io_uring_enter. */
final class IoUringSubmissionQueue {
    private final ByteBuffer ring;
    private final ByteBuffer sqes;
    private final int kHead;
    private final int kTail;
    private final int kFlags;
    private final int mask;
    private final int entries;
    /** Our copy of the SQ tail: only this thread writes the kernel's tail. */
    private int tail;

    IoUringSubmissionQueue(ByteBuffer ring, ByteBuffer sqes, IoUringParams params) {
        this.ring = ring;
        this.sqes = sqes;
        this.kHead = params.get(IoUringParams.SQ_OFF_HEAD);
        this.kTail = params.get(IoUringParams.SQ_OFF_TAIL);
        this.kFlags = params.get(IoUringParams.SQ_OFF_FLAGS);
        // Plain reads: mask and entries are written once by the kernel, before io_uring_setup returned.
        this.mask = ring.getInt(params.get(IoUringParams.SQ_OFF_RING_MASK));
        this.entries = ring.getInt(params.get(IoUringParams.SQ_OFF_RING_ENTRIES));
        // Only we write the tail and the kernel starts it at 0; opaque is enough for this one read.
        this.tail = loadOpaqueInt(ring, kTail);
        int array = params.get(IoUringParams.SQ_OFF_ARRAY);
        for (int i = 0; i < entries; i++) {
            // Identity SQ array: plain stores, made visible by the first release of the tail.
            ring.putInt(array + i * Integer.BYTES, i);
        }
    }

    /** SQEs published but not yet consumed by the kernel. */
    int pending() {
        // Acquire pairs with the kernel's release of the SQ head after it has read an SQE.
        return tail - loadAcquireInt(ring, kHead);
    }

    boolean isFull() {
        return pending() == entries;
    }

    /** Kernel-written sq flags (CQ_OVERFLOW, TASKRUN): a hint read with no ordering, as liburing does. */
    int flags() {
        return loadOpaqueInt(ring, kFlags);
    }

    void pollAdd(int fd, int events, long userData) {
        int sqe = prepare(IORING_OP_POLL_ADD, fd, userData);
        sqes.putInt(sqe + SQE_LEN, IORING_POLL_ADD_MULTI);
        sqes.putInt(sqe + SQE_POLL32_EVENTS, events);
        publish();
    }

    /** Changes the events of the armed multishot poll whose user_data is {@code target}; stays multishot. */
    void pollUpdate(long target, int events, long userData) {
        int sqe = prepare(IORING_OP_POLL_REMOVE, -1, userData);
        sqes.putLong(sqe + SQE_ADDR, target);
        sqes.putInt(sqe + SQE_LEN, IORING_POLL_UPDATE_EVENTS | IORING_POLL_ADD_MULTI);
        sqes.putInt(sqe + SQE_POLL32_EVENTS, events);
        publish();
    }

    /** Cancels the request whose user_data is {@code target}; unlike POLL_REMOVE it cannot fail with -EALREADY. */
    void cancel(long target, long userData) {
        int sqe = prepare(IORING_OP_ASYNC_CANCEL, -1, userData);
        sqes.putLong(sqe + SQE_ADDR, target);
        publish();
    }

    /** A send of {@code length} bytes at {@code address} (memory the caller keeps alive until the CQE). */
    void send(int fd, long address, int length, int msgFlags, long userData) {
        int sqe = prepare(IORING_OP_SEND, fd, userData);
        sqes.putLong(sqe + SQE_ADDR, address);
        sqes.putInt(sqe + SQE_LEN, length);
        sqes.putInt(sqe + SQE_MSG_FLAGS, msgFlags);
        publish();
    }

    /** A close of {@code fd}. */
    void close(int fd, long userData) {
        prepare(IORING_OP_CLOSE, fd, userData);
        publish();
    }

    /** A connect to the sockaddr at {@code sockaddr} (the kernel copies it when it takes the SQE). */
    void connect(int fd, long sockaddr, int length, long userData) {
        int sqe = prepare(IORING_OP_CONNECT, fd, userData);
        sqes.putLong(sqe + SQE_ADDR, sockaddr);
        sqes.putLong(sqe + SQE_OFF, length); // addr2, the union at off: the address length
        publish();
    }

    /** A sendmsg of the struct msghdr at {@code msghdr} (kept alive, with its iovecs, until the CQE). */
    void sendmsg(int fd, long msghdr, int msgFlags, long userData) {
        int sqe = prepare(IORING_OP_SENDMSG, fd, userData);
        sqes.putLong(sqe + SQE_ADDR, msghdr);
        sqes.putInt(sqe + SQE_LEN, 1);
        sqes.putInt(sqe + SQE_MSG_FLAGS, msgFlags);
        publish();
    }

    /** A receive into {@code length} bytes at {@code address} (kept alive until the CQE). */
    void recv(int fd, long address, int length, long userData) {
        int sqe = prepare(IORING_OP_RECV, fd, userData);
        sqes.putLong(sqe + SQE_ADDR, address);
        sqes.putInt(sqe + SQE_LEN, length);
        publish();
    }

    /**
     * A multishot receive: each arrival of bytes takes a buffer of {@code group} and posts a CQE with
     * F_MORE, until an error, end of stream, a cancel or an empty group (-ENOBUFS) ends it.
     */
    void recvMultishot(int fd, int group, long userData) {
        int sqe = prepare(IORING_OP_RECV, fd, userData);
        sqes.put(sqe + SQE_FLAGS, (byte) IOSQE_BUFFER_SELECT);
        sqes.putShort(sqe + SQE_IOPRIO, (short) IORING_RECV_MULTISHOT);
        sqes.putShort(sqe + SQE_BUF_GROUP, (short) group);
        publish();
    }

    /**
     * A multishot accept: each connection taken from the listener's backlog posts a CQE with the new fd
     * (accept4 {@code flags}) and F_MORE, until an error, a cancel or a CQ overflow ends it. No peer
     * address: every accept would overwrite the one buffer before its CQE is read.
     */
    void acceptMultishot(int fd, int flags, long userData) {
        int sqe = prepare(IORING_OP_ACCEPT, fd, userData);
        sqes.putShort(sqe + SQE_IOPRIO, (short) IORING_ACCEPT_MULTISHOT);
        sqes.putInt(sqe + SQE_ACCEPT_FLAGS, flags);
        publish();
    }

    private int prepare(byte opcode, int fd, long userData) {
        if (isFull()) {
            throw new IllegalStateException("SQ full: submit before queueing more");
        }
        int sqe = (tail & mask) * SQE_SIZE;
        for (int i = 0; i < SQE_SIZE; i += Long.BYTES) {
            sqes.putLong(sqe + i, 0L);
        }
        sqes.put(sqe + SQE_OPCODE, opcode);
        sqes.putInt(sqe + SQE_FD, fd);
        sqes.putLong(sqe + SQE_USER_DATA, userData);
        return sqe;
    }

    private void publish() {
        tail++;
        // Release: the SQE's plain stores above happen-before the kernel's acquire of the SQ tail.
        storeReleaseInt(ring, kTail, tail);
    }
}
