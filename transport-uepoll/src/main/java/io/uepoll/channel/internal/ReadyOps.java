package io.uepoll.channel.internal;

/**
 * The one form of interest and readiness bits. The values are the kernel's poll bits, identical for
 * epoll_event.events, epoll_uitem.ready_events and io_uring poll32_events, so the mapping to kernel
 * bits is the identity and every ring decodes events the same way.
 */
public final class ReadyOps {
    public static final int IN = LinuxConstants.EPOLLIN;
    public static final int OUT = LinuxConstants.EPOLLOUT;
    /** Always reported. */
    public static final int ERR = LinuxConstants.EPOLLERR;
    /** Always reported. */
    public static final int HUP = LinuxConstants.EPOLLHUP;
    /** The peer shut down writing. */
    public static final int RDHUP = LinuxConstants.EPOLLRDHUP;

    /** Bits a caller may put in an interest set. */
    public static final int INTEREST_MASK = IN | OUT | RDHUP;
    /** Bits the kernel reports whether asked or not. */
    public static final int ALWAYS = ERR | HUP;

    private ReadyOps() {
    }

    /** True when {@code ops} has at least one bit of {@code bits}. */
    public static boolean intersects(int ops, int bits) {
        return (ops & bits) != 0;
    }

    /** The bits of a raw kernel event a consumer registered for: interest plus ERR/HUP. */
    public static int visible(int rawEvents, int interest) {
        return rawEvents & (interest | ALWAYS);
    }

    /** Rejects interest sets holding anything but IN, OUT and RDHUP. */
    public static int checkInterest(int interest) {
        if ((interest & ~INTEREST_MASK) != 0) {
            throw new IllegalArgumentException("unknown interest bits: 0x" + Integer.toHexString(interest)
                    + " (allowed: IN 0x1, OUT 0x4, RDHUP 0x2000)");
        }
        return interest;
    }

    public static String toString(int ops) {
        StringBuilder sb = new StringBuilder();
        append(sb, ops, IN, "IN");
        append(sb, ops, OUT, "OUT");
        append(sb, ops, ERR, "ERR");
        append(sb, ops, HUP, "HUP");
        append(sb, ops, RDHUP, "RDHUP");
        return sb.length() == 0 ? "NONE" : sb.toString();
    }

    private static void append(StringBuilder sb, int ops, int bit, String name) {
        if ((ops & bit) != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append(name);
        }
    }
}
