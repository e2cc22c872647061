package io.uepoll.channel.internal;

/**
 * The binary contract with {@code uepoll_copy_params} in uepoll_io_uring.c: the index of each
 * {@code struct io_uring_params} field in the int[] filled by {@link Native#ioUringSetupRaw}.
 */
final class IoUringParams {
    static final int SQ_ENTRIES = 0;
    static final int CQ_ENTRIES = 1;
    static final int FEATURES = 2;
    static final int SQ_OFF_HEAD = 3;
    static final int SQ_OFF_TAIL = 4;
    static final int SQ_OFF_RING_MASK = 5;
    static final int SQ_OFF_RING_ENTRIES = 6;
    static final int SQ_OFF_FLAGS = 7;
    static final int SQ_OFF_DROPPED = 8;
    static final int SQ_OFF_ARRAY = 9;
    static final int CQ_OFF_HEAD = 10;
    static final int CQ_OFF_TAIL = 11;
    static final int CQ_OFF_RING_MASK = 12;
    static final int CQ_OFF_RING_ENTRIES = 13;
    static final int CQ_OFF_OVERFLOW = 14;
    static final int CQ_OFF_CQES = 15;
    static final int CQ_OFF_FLAGS = 16;
    static final int LENGTH = 17;

    private final int[] values;

    IoUringParams(int[] values) {
        if (values.length != LENGTH) {
            throw new IllegalArgumentException("io_uring_params needs " + LENGTH + " ints, got " + values.length);
        }
        this.values = values;
    }

    static int[] newArray() {
        return new int[LENGTH];
    }

    int get(int field) {
        return values[field];
    }

    /** True when the kernel reports every feature bit of {@code features}. */
    boolean hasAllFeatures(int features) {
        return (values[FEATURES] & features) == features;
    }
}
