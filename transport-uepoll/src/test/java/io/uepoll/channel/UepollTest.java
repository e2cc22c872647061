package io.uepoll.channel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class UepollTest {
    @AfterEach
    void clearProperty() {
        System.clearProperty(UepollRing.PROPERTY);
    }

    @Test
    void availableWithIoUringAndEpollWaitHere() {
        Uepoll.ensureAvailability();
        assertTrue(Uepoll.isAvailable());
        assertNull(Uepoll.unavailabilityCause());
        assertTrue(Uepoll.isRingAvailable(UepollRing.EPOLL_WAIT), String.valueOf(Uepoll.ringUnavailabilityCause(UepollRing.EPOLL_WAIT)));
    }

    @Test
    void autoPrefersUserpollThenIoUringThenEpollWait() {
        UepollRing expected = Uepoll.isRingAvailable(UepollRing.USERPOLL) ? UepollRing.USERPOLL
                : Uepoll.isRingAvailable(UepollRing.IO_URING) ? UepollRing.IO_URING : UepollRing.EPOLL_WAIT;
        assertEquals(expected, Uepoll.defaultRing());
        System.setProperty(UepollRing.PROPERTY, "auto");
        assertEquals(expected, Uepoll.defaultRing());
    }

    @Test
    void propertyPicksTheRing() {
        System.setProperty(UepollRing.PROPERTY, "epoll_wait");
        assertEquals(UepollRing.EPOLL_WAIT, Uepoll.defaultRing());
        System.setProperty(UepollRing.PROPERTY, "IO_URING");
        if (Uepoll.isRingAvailable(UepollRing.IO_URING)) {
            assertEquals(UepollRing.IO_URING, Uepoll.defaultRing());
        }
    }

    @Test
    void unknownRingNameIsRejectedByName() {
        System.setProperty(UepollRing.PROPERTY, "kqueue");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Uepoll::defaultRing);
        assertTrue(e.getMessage().contains("kqueue") && e.getMessage().contains("io_uring"), e.getMessage());
    }

    @Test
    void missingRingFailsWithTheReason() {
        for (UepollRing ring : UepollRing.values()) {
            if (!Uepoll.isRingAvailable(ring)) {
                System.setProperty(UepollRing.PROPERTY, ring.propertyValue());
                IllegalStateException e = assertThrows(IllegalStateException.class, Uepoll::defaultRing);
                assertTrue(e.getMessage().contains(ring.name()), e.getMessage());
                assertNotNull(e.getCause());
            }
        }
    }
}
