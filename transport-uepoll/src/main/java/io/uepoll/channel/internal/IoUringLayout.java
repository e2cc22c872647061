package io.uepoll.channel.internal;

/**
 * The io_uring ABI pieces the IO_URING ring uses: struct layouts fixed by {@code <linux/io_uring.h>}
 * (checked against C by a test through {@link Native#ioUringLayout()}), flag values, and the order
 * in which {@code ioUringSetup0} copies {@code struct io_uring_params} into an int[].
 *
 * <pre>
 *  io_uring_sqe (64 bytes, the fields we write)      io_uring_cqe (16 bytes)
 *  0  u8 opcode | 1 u8 flags | 2 u16 ioprio          0  u64 user_data
 *  4  s32 fd                                          8  s32 res
 *  8  u64 off          (POLL_REMOVE: new user_data)   12 u32 flags (F_MORE: stays armed)
 *  16 u64 addr         (POLL_REMOVE/CANCEL: target)
 *  24 u32 len          (POLL flags: ADD_MULTI, UPDATE_EVENTS)
 *  28 u32 poll32_events / cancel_flags
 *  32 u64 user_data
 * </pre>
 * Ring offsets (head, tail, mask, ...) are not constants: the kernel hands them out at setup.
 * Publication: CQ tail is load-acquired (the kernel store-releases it after writing CQEs); CQ head is
 * store-released (the kernel must not reuse a slot we still read); SQ tail is store-released after
 * the SQEs are written; SQ head is load-acquired before a slot is reused.
 */
final class IoUringLayout {
    // struct io_uring_sqe
    static final int SQE_SIZE = 64;
    static final int SQE_OPCODE = 0;
    static final int SQE_FLAGS = 1;
    static final int SQE_FD = 4;
    static final int SQE_OFF = 8;
    static final int SQE_ADDR = 16;
    static final int SQE_LEN = 24;
    static final int SQE_POLL32_EVENTS = 28;
    /** The same union as poll32_events: a send's MSG_* flags. */
    static final int SQE_MSG_FLAGS = 28;
    static final int SQE_USER_DATA = 32;
    static final int SQE_IOPRIO = 2;
    /** u16 in the union with buf_index: the provided-buffer group a BUFFER_SELECT request picks from. */
    static final int SQE_BUF_GROUP = 40;

    // struct io_uring_cqe
    static final int CQE_SIZE = 16;
    static final int CQE_USER_DATA = 0;
    static final int CQE_RES = 8;
    static final int CQE_FLAGS = 12;

    // opcodes (checked against C with the layout)
    static final byte IORING_OP_POLL_ADD = 6;
    static final byte IORING_OP_POLL_REMOVE = 7;
    static final byte IORING_OP_ASYNC_CANCEL = 14;
    static final byte IORING_OP_SENDMSG = 9;
    static final byte IORING_OP_SEND = 26;
    static final byte IORING_OP_RECV = 27;
    static final byte IORING_OP_ACCEPT = 13;
    static final byte IORING_OP_CONNECT = 16;
    static final byte IORING_OP_CLOSE = 19;


    // sqe->flags
    static final int IOSQE_BUFFER_SELECT = 1 << 5;
    // sqe->ioprio for RECV
    static final int IORING_RECV_MULTISHOT = 1 << 1;
    // sqe->ioprio for ACCEPT (5.19+)
    static final int IORING_ACCEPT_MULTISHOT = 1;
    /** sqe->accept_flags: the union at msg_flags' offset. */
    static final int SQE_ACCEPT_FLAGS = 28;

    // sqe->len for POLL_ADD / POLL_REMOVE
    static final int IORING_POLL_ADD_MULTI = 1;
    static final int IORING_POLL_UPDATE_EVENTS = 1 << 1;

    // cqe->flags
    static final int IORING_CQE_F_BUFFER = 1;
    /** With F_BUFFER, the buffer id is in the top 16 bits of cqe->flags. */
    static final int IORING_CQE_BUFFER_SHIFT = 16;
    static final int IORING_CQE_F_MORE = 1 << 1;
    static final int IORING_CQE_F_SOCK_NONEMPTY = 1 << 2;
    /**
     * Incremental buffer ring: the kernel keeps the CQE's buffer for the next arrival (Linux 6.12
     * uapi; Debian 12's 6.1 headers lack it, so the C layout check cannot cover it: RingBufferIncrementalTest
     * sees the kernel set it).
     */
    static final int IORING_CQE_F_BUF_MORE = 1 << 4;

    // setup flags
    static final int IORING_SETUP_CQSIZE = 1 << 3;
    static final int IORING_SETUP_CLAMP = 1 << 4;
    static final int IORING_SETUP_R_DISABLED = 1 << 6;
    static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

    // features
    static final int IORING_FEAT_SINGLE_MMAP = 1;
    static final int IORING_FEAT_NODROP = 1 << 1;
    static final int IORING_FEAT_EXT_ARG = 1 << 8;
    /** Added in 5.13 together with multishot poll, which has no feature bit of its own. */
    static final int IORING_FEAT_RSRC_TAGS = 1 << 10;

    // sq ring flags
    static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    static final int IORING_SQ_TASKRUN = 1 << 2;

    // enter flags
    static final int IORING_ENTER_GETEVENTS = 1;
    static final int IORING_ENTER_REGISTERED_RING = 1 << 4;

    // register opcodes
    static final int IORING_REGISTER_RING_FDS = 20;
    static final int IORING_REGISTER_ENABLE_RINGS = 12;
    static final int IORING_UNREGISTER_RING_FDS = 21;
    static final int IORING_REGISTER_PBUF_RING = 22;
    static final int IORING_UNREGISTER_PBUF_RING = 23;

    // struct io_uring_buf (one entry of a provided-buffer ring); the ring's u16 tail overlays entry 0's resv
    static final int BUF_SIZE = 16;
    static final int BUF_ADDR = 0;
    static final int BUF_LEN = 8;
    static final int BUF_BID = 12;
    static final int BUF_RING_TAIL = 14;
    // struct io_uring_buf_reg
    static final int BUF_REG_SIZE = 40;
    static final int BUF_REG_RING_ADDR = 0;
    static final int BUF_REG_RING_ENTRIES = 8;
    static final int BUF_REG_BGID = 12;
    /** u16 flags after bgid (6.12 uapi; "pad", which must be zero, before). */
    static final int BUF_REG_FLAGS = 14;
    /** io_uring_register_pbuf_ring_flags: consume buffers incrementally (6.12+; EINVAL before). */
    static final int IOU_PBUF_RING_INC = 2;
    /** The kernel wants the ring of entries page aligned (x86_64: 4 KiB pages). */
    static final int PAGE_ALIGNMENT = 4096;
    /** struct io_uring_rsrc_update: u32 offset, u32 resv, u64 data. */
    static final int RSRC_UPDATE_SIZE = 16;

    // mmap offsets
    static final long IORING_OFF_SQ_RING = 0L;
    static final long IORING_OFF_SQES = 0x10000000L;

    /** The order of {@link Native#ioUringLayout()}'s answer; the test compares it with the fields above. */
    static final int[] EXPECTED_C_LAYOUT = {
        SQE_SIZE, SQE_OPCODE, SQE_FLAGS, SQE_FD, SQE_OFF, SQE_ADDR, SQE_LEN, SQE_POLL32_EVENTS, SQE_USER_DATA,
        CQE_SIZE, CQE_USER_DATA, CQE_RES, CQE_FLAGS, IoUringParams.LENGTH, SQE_MSG_FLAGS,
        IORING_OP_POLL_ADD, IORING_OP_POLL_REMOVE, IORING_OP_ASYNC_CANCEL, IORING_OP_SENDMSG, IORING_OP_SEND, IORING_OP_RECV,
        SQE_IOPRIO, SQE_BUF_GROUP, IOSQE_BUFFER_SELECT, IORING_RECV_MULTISHOT, IORING_CQE_F_BUFFER,
        IORING_CQE_BUFFER_SHIFT, IORING_REGISTER_PBUF_RING, IORING_UNREGISTER_PBUF_RING,
        BUF_SIZE, BUF_ADDR, BUF_LEN, BUF_BID, BUF_RING_TAIL,
        BUF_REG_SIZE, BUF_REG_RING_ADDR, BUF_REG_RING_ENTRIES, BUF_REG_BGID,
        IORING_OP_ACCEPT, IORING_ACCEPT_MULTISHOT, SQE_ACCEPT_FLAGS, IORING_OP_CONNECT, IORING_OP_CLOSE,
    };

    private IoUringLayout() {
    }
}
