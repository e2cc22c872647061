package io.uepoll.channel.internal;

/**
 * The USERPOLL ABI of the uepoll series (v5), as ported to Linux 6.12 in {@code kernel/}: the
 * header + items mapping at offset 0 and the index ring mapping at offset {@code header_length}.
 *
 * <pre>
 *  header (128 bytes)                            items[max_items], 16 bytes each, from offset 128
 *  0  u32 magic  0xeb01eb01   kernel, once       0 u32 ready_events  kernel sets (0 -> bits makes an
 *  4  u32 header_length       kernel, once                           index entry), consumer clears
 *  8  u32 index_length        kernel, once       4 u32 events        interest, kernel on ADD/MOD
 *  12 u32 max_items_nr        kernel, once       8 u64 data          the token, kernel on ADD/MOD
 *  16 u32 head                consumer only
 *  20 u32 tail                kernel only        index ring: u32 item indexes, index_length bytes
 * </pre>
 * Publication: the kernel writes the index entry, then advances tail (fully ordered); the consumer
 * load-acquires tail, load-acquires each entry, reads data, exchanges ready_events to 0 with release,
 * and store-releases head before it sleeps. head and tail are free-running: compare with != only.
 */
final class UserpollLayout {
    public static final int MAGIC = 0xeb01eb01;
    public static final int HEADER_SIZE = 128;
    public static final int MAGIC_OFFSET = 0;
    public static final int HEADER_LENGTH_OFFSET = 4;
    public static final int INDEX_LENGTH_OFFSET = 8;
    public static final int MAX_ITEMS_OFFSET = 12;
    public static final int HEAD_OFFSET = 16;
    public static final int TAIL_OFFSET = 20;

    public static final int ITEMS_OFFSET = HEADER_SIZE;
    public static final int ITEM_SIZE = 16;
    public static final int ITEM_READY_EVENTS = 0;
    public static final int ITEM_EVENTS = 4;
    public static final int ITEM_DATA = 8;

    /** epoll_create2 flag. */
    public static final int EPOLL_USERPOLL = 1;
    public static final int MAX_ITEMS_LIMIT = 65536;
    /**
     * Marks a slot whose item was deleted. v5 used bit 27, which mainline now spends on
     * EPOLL_URING_WAKE; the 6.12 port moves it to bit 26 (kernel/ uapi eventpoll.h).
     */
    public static final int EPOLLREMOVED = 1 << 26;

    private UserpollLayout() {
    }

    public static int itemOffset(int index) {
        return ITEMS_OFFSET + index * ITEM_SIZE;
    }

    /** PAGE_ALIGN(128 + 16 * maxItems), as the kernel sizes the header mapping. */
    public static int headerLength(int maxItems, int pageSize) {
        return align(HEADER_SIZE + ITEM_SIZE * maxItems, pageSize);
    }

    /** max(roundup_pow_of_two(4 * maxItems), PAGE_SIZE) bytes of u32 entries. */
    public static int indexLength(int maxItems, int pageSize) {
        int bytes = Integer.highestOneBit(Math.max(1, 4 * maxItems - 1)) << 1;
        return Math.max(bytes, pageSize);
    }

    private static int align(int value, int to) {
        return (value + to - 1) & -to;
    }
}
