package io.uepoll.channel;

import io.netty.channel.IoEvent;
import io.netty.channel.IoOps;
import io.uepoll.channel.internal.ReadyOps;

/**
 * Interest submitted through an {@link io.netty.channel.IoRegistration} and readiness handed to an
 * {@link UepollIoHandle}: one immutable type over the kernel's poll bits ({@link ReadyOps}), with a
 * cached instance for every combination, so the event path allocates nothing.
 */
public final class UepollIoOps implements IoOps, IoEvent {
    public static final UepollIoOps NONE;
    public static final UepollIoOps IN;
    public static final UepollIoOps OUT;
    public static final UepollIoOps RDHUP;

    private static final int[] BITS = {ReadyOps.IN, ReadyOps.OUT, ReadyOps.ERR, ReadyOps.HUP, ReadyOps.RDHUP};
    private static final UepollIoOps[] CACHE = new UepollIoOps[1 << BITS.length];

    static {
        for (int i = 0; i < CACHE.length; i++) {
            int value = 0;
            for (int b = 0; b < BITS.length; b++) {
                if ((i & (1 << b)) != 0) {
                    value |= BITS[b];
                }
            }
            CACHE[i] = new UepollIoOps(value);
        }
        NONE = valueOf(0);
        IN = valueOf(ReadyOps.IN);
        OUT = valueOf(ReadyOps.OUT);
        RDHUP = valueOf(ReadyOps.RDHUP);
    }

    private final int value;

    private UepollIoOps(int value) {
        this.value = value;
    }

    /** The cached instance for these bits; bits other than IN, OUT, ERR, HUP and RDHUP are dropped. */
    public static UepollIoOps valueOf(int bits) {
        int index = 0;
        for (int b = 0; b < BITS.length; b++) {
            if ((bits & BITS[b]) != 0) {
                index |= 1 << b;
            }
        }
        return CACHE[index];
    }

    public int value() {
        return value;
    }

    /** True when any bit of {@code ops} is set here. */
    public boolean intersects(UepollIoOps ops) {
        return (value & ops.value) != 0;
    }

    /** True when every bit of {@code ops} is set here. */
    public boolean containsAll(UepollIoOps ops) {
        return (value & ops.value) == ops.value;
    }

    public UepollIoOps with(UepollIoOps ops) {
        return valueOf(value | ops.value);
    }

    public UepollIoOps without(UepollIoOps ops) {
        return valueOf(value & ~ops.value);
    }

    /** Readiness that lets a writer continue, or reports an error it will see when it writes. */
    public boolean isWritableOrError() {
        return (value & (ReadyOps.OUT | ReadyOps.ERR)) != 0;
    }

    /** Readiness that lets a reader continue, or reports an error it will see when it reads. */
    public boolean isReadableOrError() {
        return (value & (ReadyOps.IN | ReadyOps.ERR)) != 0;
    }

    /** The peer hung up, completely (HUP) or its write side (RDHUP). */
    public boolean isHangup() {
        return (value & (ReadyOps.HUP | ReadyOps.RDHUP)) != 0;
    }

    public boolean isRdHup() {
        return (value & ReadyOps.RDHUP) != 0;
    }

    @Override
    public String toString() {
        return "UepollIoOps(" + ReadyOps.toString(value) + ')';
    }
}
