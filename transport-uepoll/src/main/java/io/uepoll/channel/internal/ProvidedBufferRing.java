package io.uepoll.channel.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.unix.Buffer;
import io.netty.channel.unix.Errors;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.uepoll.channel.internal.IoUringLayout.*;

/**
 * A provided-buffer ring ({@code IORING_REGISTER_PBUF_RING}): buffers the kernel picks from for a
 * multishot receive, so a waiting reader holds no memory of its own. The ring of entries (page
 * aligned, pinned by the kernel at registration) and the buffers are two blocks of ours, freed after
 * the ring fd closed.
 * Each buffer goes back to the ring as soon as its bytes were copied out, in the completion's
 * handler. Where the kernel consumes buffers incrementally ({@code IOU_PBUF_RING_INC}, Linux 6.12+),
 * one buffer takes many small arrivals, one after the other, and goes back once the kernel is done
 * with it ({@code IORING_CQE_F_BUF_MORE} clear): a ring of a few big buffers then serves many
 * connections' small messages without running dry. Owned by its io_uring ring; loop thread only.
 */
final class ProvidedBufferRing implements AutoCloseable {
    static final String ENTRIES_PROPERTY = "io.uepoll.bufferRing.entries";
    static final String SIZE_PROPERTY = "io.uepoll.bufferRing.bufferSize";
    /**
     * {@code true} asks for incremental consumption where the kernel has it. Off by default: an arrival that
     * does not fit in the rest of the current buffer is split where the buffer ends, so the pipeline sees
     * more, smaller reads (Netty's TrafficShapingHandlerTest, which counts whole messages per read, hangs),
     * and with every arrival copied out at once there is nothing to save.
     */
    static final String INCREMENTAL_PROPERTY = "io.uepoll.bufferRing.incremental";
    /** 256 entries of 16 bytes: one page. */
    static final int DEFAULT_ENTRIES = 256;
    static final int DEFAULT_BUFFER_SIZE = 16384;
    static final int MAX_ENTRIES = 32768;
    /** The only group of this ring. */
    static final int GROUP_ID = 0;

    /** The allocation that holds the entries; {@link #ring} is its page-aligned part. */
    private final ByteBuffer ringMemory;
    private final ByteBuffer ring;
    private final ByteBuffer buffers;
    private final long buffersAddress;
    /** One reusable view of the buffers, moved over the buffer a completion names; never released. */
    private final ByteBuf view;
    private final int count;
    private final int mask;
    private final int bufferSize;
    private final RingCounters counters;
    /**
     * Per buffer, the bytes the kernel already filled and we read: where its next arrival starts (only
     * non-zero on an incremental ring, between arrivals into a buffer the kernel still holds).
     */
    private final int[] consumed;
    private boolean incremental;
    /** Our copy of the tail: only this thread writes it. */
    private int tail;
    /** The bid now in slot 0, whose 16 bits share an aligned int with the tail. */
    private int slotZeroBid;
    private boolean closed;

    static {
        if (BUF_RING_TAIL != BUF_BID + Short.BYTES) {
            throw new ExceptionInInitializerError("the tail must follow slot 0's bid in one int");
        }
    }

    private ProvidedBufferRing(ByteBuffer ringMemory, ByteBuffer ring, ByteBuffer buffers, int count, int bufferSize,
                               RingCounters counters) {
        this.ringMemory = ringMemory;
        this.ring = ring;
        this.buffers = buffers;
        this.buffersAddress = Buffer.memoryAddress(buffers);
        this.view = Unpooled.wrappedBuffer(buffers);
        this.count = count;
        this.mask = count - 1;
        this.bufferSize = bufferSize;
        this.counters = counters;
        this.consumed = new int[count];
        for (int bid = 0; bid < count; bid++) {
            publish(bid);
        }
    }

    /** Entries configured by {@value #ENTRIES_PROPERTY}; 0 turns the buffer ring off. */
    static int configuredEntries() {
        return checkEntries(intProperty(ENTRIES_PROPERTY, DEFAULT_ENTRIES), ENTRIES_PROPERTY);
    }

    static int checkEntries(int n, String name) {
        if (n != 0 && (n < 2 || n > MAX_ENTRIES || Integer.bitCount(n) != 1)) {
            throw new IllegalArgumentException(name + " must be 0 (off) or a power of two in [2, "
                    + MAX_ENTRIES + "]: " + n);
        }
        return n;
    }

    static int configuredBufferSize() {
        int size = intProperty(SIZE_PROPERTY, DEFAULT_BUFFER_SIZE);
        if (size < 64 || size > (1 << 20)) {
            throw new IllegalArgumentException(SIZE_PROPERTY + " must be in [64, 1048576]: " + size);
        }
        return size;
    }

    private static int intProperty(String name, int defaultValue) {
        String value = System.getProperty(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.decode(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: " + value, e);
        }
    }

    /** Incremental consumption wanted, where the kernel has it: {@value #INCREMENTAL_PROPERTY}, default false. */
    static boolean configuredIncremental() {
        String value = System.getProperty(INCREMENTAL_PROPERTY, "false").trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(INCREMENTAL_PROPERTY + " must be true or false: " + value);
        }
        return value.equals("true");
    }

    /**
     * Registers a ring of {@code count} buffers of {@code bufferSize} bytes with the io_uring
     * {@code ringFd}, consumed incrementally when {@code incremental} and the kernel can (else classic);
     * fails with the kernel's errno (EINVAL before Linux 5.19, which lacks buffer rings).
     */
    static ProvidedBufferRing register(int ringFd, int count, int bufferSize, boolean incremental,
                                       RingCounters counters) throws IOException {
        // alignedSlice rounds both ends in to the alignment: room for whole pages, plus one to align.
        int ringBytes = (count * BUF_SIZE + PAGE_ALIGNMENT - 1) / PAGE_ALIGNMENT * PAGE_ALIGNMENT;
        ByteBuffer ringMemory = Buffer.allocateDirectWithNativeOrder(ringBytes + PAGE_ALIGNMENT);
        ByteBuffer buffers = null;
        try {
            ByteBuffer ring = ringMemory.alignedSlice(PAGE_ALIGNMENT).order(ringMemory.order());
            buffers = Buffer.allocateDirectWithNativeOrder(count * bufferSize);
            // Filled before the kernel knows it: it reads the tail only when a receive picks a buffer.
            ProvidedBufferRing bufferRing = new ProvidedBufferRing(ringMemory, ring, buffers, count, bufferSize, counters);
            bufferRing.incremental = registerGroup(ringFd, Buffer.memoryAddress(ring), count, incremental);
            return bufferRing;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (buffers != null) {
                Buffer.free(buffers);
            }
            Buffer.free(ringMemory);
            throw e;
        }
    }

    /** Registers the group, incrementally when wanted and the kernel can; returns whether it is incremental. */
    private static boolean registerGroup(int ringFd, long ringAddress, int count, boolean incremental) throws IOException {
        // Kernels before 6.12 want the flags zero (-EINVAL): then the same ring again, classic.
        int res = incremental ? registerGroup(ringFd, ringAddress, count, IOU_PBUF_RING_INC) : -LinuxConstants.EINVAL;
        if (res == -LinuxConstants.EINVAL) {
            res = registerGroup(ringFd, ringAddress, count, 0);
            incremental = false;
        }
        if (res < 0) {
            throw Errors.newIOException("io_uring_register(PBUF_RING)", res);
        }
        return incremental;
    }

    private static int registerGroup(int ringFd, long ringAddress, int count, int flags) {
        ByteBuffer reg = Buffer.allocateDirectWithNativeOrder(BUF_REG_SIZE);
        try {
            reg.putLong(BUF_REG_RING_ADDR, ringAddress);
            reg.putInt(BUF_REG_RING_ENTRIES, count);
            reg.putShort(BUF_REG_BGID, (short) GROUP_ID);
            reg.putShort(BUF_REG_FLAGS, (short) flags);
            return Native.ioUringRegisterRaw(ringFd, IORING_REGISTER_PBUF_RING, Buffer.memoryAddress(reg), 1);
        } finally {
            Buffer.free(reg);
        }
    }

    /** True when the kernel consumes the buffers incrementally (IOU_PBUF_RING_INC). */
    boolean incremental() {
        return incremental;
    }

    int groupId() {
        return GROUP_ID;
    }

    /**
     * The {@code length} bytes the kernel put in buffer {@code bid} before the CQE naming it, as a view
     * that is valid until the buffer is released (and the next call moves it): read, never keep.
     */
    ByteBuf bytes(int bid, int length) {
        // Plain reads through the view: the kernel wrote the bytes before the CQE, whose CQ tail we acquired.
        // An incremental ring filled this buffer from where its previous arrival ended.
        int start = checkBid(bid) * bufferSize + consumed[bid];
        return view.setIndex(start, start + Math.min(length, bufferSize - consumed[bid]));
    }

    /**
     * The arrival of {@code length} bytes (0 or less: none) into buffer {@code bid} was read. When the
     * kernel still holds the buffer ({@code kernelHoldsIt}: IORING_CQE_F_BUF_MORE), its next arrival follows
     * these bytes; else it goes back to the ring.
     */
    void release(int bid, int length, boolean kernelHoldsIt) {
        checkBid(bid);
        if (kernelHoldsIt) {
            consumed[bid] += Math.max(length, 0);
            return;
        }
        consumed[bid] = 0;
        publish(bid);
        counters.incrementBufferRecycles();
    }

    /** Hands buffer {@code bid}, whole, to the kernel. */
    private void publish(int bid) {
        int slot = (tail & mask) * BUF_SIZE;
        // Plain stores: the slot is free (we hold at most count buffers, so the kernel's head passed it);
        // the release of the tail below publishes them.
        ring.putLong(slot + BUF_ADDR, buffersAddress + (long) bid * bufferSize);
        ring.putInt(slot + BUF_LEN, bufferSize);
        if (slot == 0) {
            slotZeroBid = bid; // written with the tail: they share one aligned int
        } else {
            ring.putShort(slot + BUF_BID, (short) bid);
        }
        tail++;
        // Release pairs with the kernel's smp_load_acquire of the tail: the entry above is visible first.
        // The tail is the u16 after slot 0's bid; Java has no release store of a short, so one aligned
        // little-endian int stores both (slot 0's bid is ours alone: the kernel only reads entries).
        SharedMemory.storeReleaseInt(ring, BUF_BID, (tail & 0xFFFF) << 16 | (slotZeroBid & 0xFFFF));
    }

    private int checkBid(int bid) {
        if (bid < 0 || bid >= count) {
            throw new IllegalArgumentException("buffer id out of range [0, " + count + "): " + bid);
        }
        return bid;
    }

    /**
     * Frees the entries and the buffers. The owner calls it after closing the ring fd: that
     * unregisters the group and ends every receive that could still write into a buffer.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Buffer.free(buffers);
        Buffer.free(ringMemory);
    }
}
