package io.uepoll.channel.internal;

import io.netty.channel.unix.Buffer;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.FileDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.uepoll.channel.internal.IoUringLayout.*;

/**
 * Creates one io_uring for readiness: picks setup flags (falling back on older kernels), maps the
 * rings and SQEs, and registers the ring fd. Owns the fd and both mappings.
 */
final class IoUringSetup implements AutoCloseable {
    /** Used when nothing is configured: chosen by the measurements in the README. */
    static final int DEFAULT_FLAGS = IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG
            | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_SUBMIT_ALL;
    /** Overrides the flags for measurements, e.g. {@code -Dio.uepoll.iouring.setupFlags=0x1300}. */
    static final String FLAGS_PROPERTY = "io.uepoll.iouring.setupFlags";
    static final int SQ_ENTRIES = 256;
    static final int MAX_CQ_ENTRIES = 65536;

    private final FileDescriptor ringFd;
    private final int flags;
    private final MappedRegion rings;
    private final MappedRegion sqes;
    private final IoUringSubmissionQueue sq;
    private final IoUringCompletionQueue cq;
    private int registeredIndex = -1;
    private boolean enabled;

    private IoUringSetup(FileDescriptor ringFd, int flags, MappedRegion rings, MappedRegion sqes, IoUringParams params) {
        this.ringFd = ringFd;
        this.flags = flags;
        this.rings = rings;
        this.sqes = sqes;
        this.sq = new IoUringSubmissionQueue(rings.buffer(), sqes.buffer(), params);
        this.cq = new IoUringCompletionQueue(rings.buffer(), params);
    }

    static void checkSize(int cqEntries) {
        if (cqEntries < 2 || cqEntries > MAX_CQ_ENTRIES || Integer.bitCount(cqEntries) != 1) {
            throw new IllegalArgumentException("IO_URING ring size must be a power of two in [2, "
                    + MAX_CQ_ENTRIES + "]: " + cqEntries);
        }
    }

    static IoUringSetup create(int cqEntries) throws IOException {
        checkSize(cqEntries);
        int[] raw = IoUringParams.newArray();
        int flags = configuredFlags() | IORING_SETUP_CQSIZE;
        if ((flags & IORING_SETUP_SINGLE_ISSUER) != 0) {
            // The submitter becomes the thread that enables the ring (the event loop), not its creator.
            flags |= IORING_SETUP_R_DISABLED;
        }
        int fd = Native.ioUringSetupRaw(Math.min(SQ_ENTRIES, cqEntries), flags, cqEntries, raw);
        if (fd == Native.ERRNO_EINVAL_NEGATIVE) {
            // An older kernel that lacks an optional flag: keep only what every 5.13+ kernel has.
            flags = IORING_SETUP_CQSIZE;
            fd = Native.ioUringSetupRaw(Math.min(SQ_ENTRIES, cqEntries), flags, cqEntries, raw);
        }
        if (fd < 0) {
            throw Errors.newIOException("io_uring_setup", fd);
        }
        FileDescriptor ringFd = new FileDescriptor(fd);
        MappedRegion rings = null;
        try {
            IoUringParams params = new IoUringParams(raw);
            checkFeatures(params);
            rings = MappedRegion.map(fd, IORING_OFF_SQ_RING, ringsLength(params), "io_uring SQ/CQ rings");
            MappedRegion sqes = MappedRegion.map(fd, IORING_OFF_SQES,
                    (long) params.get(IoUringParams.SQ_ENTRIES) * SQE_SIZE, "io_uring SQEs");
            return new IoUringSetup(ringFd, flags, rings, sqes, params);
        } catch (IOException | RuntimeException e) {
            if (rings != null) {
                rings.close();
            }
            ringFd.close();
            throw e;
        }
    }

    static int configuredFlags() {
        String value = System.getProperty(FLAGS_PROPERTY);
        if (value == null || value.isEmpty()) {
            return DEFAULT_FLAGS;
        }
        try {
            return Integer.decode(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FLAGS_PROPERTY + " must be an integer (e.g. 0x1300): " + value, e);
        }
    }

    private static void checkFeatures(IoUringParams params) throws IOException {
        if (!params.hasAllFeatures(IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_EXT_ARG
                | IORING_FEAT_RSRC_TAGS)) {
            throw new IOException("io_uring lacks multishot poll, NODROP or EXT_ARG (needs Linux 5.13+); features=0x"
                    + Integer.toHexString(params.get(IoUringParams.FEATURES)));
        }
    }

    /** With FEAT_SINGLE_MMAP one mapping covers both rings. */
    private static long ringsLength(IoUringParams params) {
        long sqEnd = params.get(IoUringParams.SQ_OFF_ARRAY) + (long) params.get(IoUringParams.SQ_ENTRIES) * Integer.BYTES;
        long cqEnd = params.get(IoUringParams.CQ_OFF_CQES) + (long) params.get(IoUringParams.CQ_ENTRIES) * CQE_SIZE;
        return Math.max(sqEnd, cqEnd);
    }

    /**
     * Binds the ring to the calling thread before its first submission: enables an R_DISABLED ring
     * (so SINGLE_ISSUER names this thread) and registers the ring fd in this thread's table.
     */
    void enableOnCurrentThread() throws IOException {
        if (enabled) {
            return;
        }
        if ((flags & IORING_SETUP_R_DISABLED) != 0) {
            int res = Native.ioUringRegisterRaw(ringFd.intValue(), IORING_REGISTER_ENABLE_RINGS, 0, 0);
            if (res < 0) {
                throw Errors.newIOException("io_uring_register(ENABLE_RINGS)", res);
            }
        }
        registerRingFd();
        enabled = true;
    }

    /** A registered ring fd spares the kernel an fd lookup on every enter (5.18+); optional. */
    private void registerRingFd() {
        int index = updateRingFds(IORING_REGISTER_RING_FDS, -1, ringFd.intValue());
        if (index >= 0) {
            registeredIndex = index;
        }
    }

    /**
     * The registered fd holds a reference to the ring in the registering thread's table: drop it,
     * or the ring outlives close() until that thread exits. Only that thread can.
     */
    private void unregisterRingFd() {
        if (registeredIndex >= 0) {
            updateRingFds(IORING_UNREGISTER_RING_FDS, registeredIndex, 0);
            registeredIndex = -1;
        }
    }

    /** One struct io_uring_rsrc_update round trip; returns the slot offset, or -1 on failure. */
    private int updateRingFds(int opcode, int offset, long data) {
        ByteBuffer update = Buffer.allocateDirectWithNativeOrder(RSRC_UPDATE_SIZE);
        try {
            update.putInt(0, offset);
            update.putLong(8, data);
            int res = Native.ioUringRegisterRaw(ringFd.intValue(), opcode, Buffer.memoryAddress(update), 1);
            return res == 1 ? update.getInt(0) : -1;
        } finally {
            Buffer.free(update);
        }
    }

    /** The ring's own fd (not the registered index): for io_uring_register. */
    int ringFd() {
        return ringFd.intValue();
    }

    int enterFd() {
        return registeredIndex >= 0 ? registeredIndex : ringFd.intValue();
    }

    int enterFlags() {
        return registeredIndex >= 0 ? IORING_ENTER_REGISTERED_RING : 0;
    }

    IoUringSubmissionQueue submissionQueue() {
        return sq;
    }

    IoUringCompletionQueue completionQueue() {
        return cq;
    }

    @Override
    public void close() {
        unregisterRingFd();
        // Unmap before close: the kernel frees the rings when the last reference goes.
        sqes.close();
        rings.close();
        try {
            ringFd.close();
        } catch (IOException e) {
            throw new IllegalStateException("closing the io_uring fd failed", e);
        }
    }
}
