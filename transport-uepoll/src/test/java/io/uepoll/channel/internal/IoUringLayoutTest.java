package io.uepoll.channel.internal;

import io.uepoll.channel.Uepoll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java/C binary contracts: struct layouts Java assumes are the ones C compiles. */
class IoUringLayoutTest {
    @Test
    void sqeCqeAndParamsLayoutsMatchC() {
        Uepoll.ensureAvailability();
        assertArrayEquals(IoUringLayout.EXPECTED_C_LAYOUT, Native.ioUringLayout());
    }

    @Test
    void epollEventLayoutIsPackedOnX86_64() {
        Uepoll.ensureAvailability();
        assertEquals(12, Native.epollEventSize());
        assertEquals(4, Native.epollEventDataOffset());
    }
}
