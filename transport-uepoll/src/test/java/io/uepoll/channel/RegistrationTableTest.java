package io.uepoll.channel;

import io.uepoll.channel.internal.RingTokens;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class RegistrationTableTest {
    private final RegistrationTable table = new RegistrationTable(2);

    private UepollRegistration register() {
        long token = table.nextToken();
        UepollRegistration registration = new UepollRegistration(null, null, null, token, null);
        table.put(token, registration);
        return registration;
    }

    @Test
    void findsEachRegistrationByItsTokenAndGrows() {
        UepollRegistration[] all = new UepollRegistration[100];
        for (int i = 0; i < all.length; i++) {
            all[i] = register();
            RingTokens.checkToken(all[i].token());
        }
        assertEquals(100, table.size());
        for (UepollRegistration registration : all) {
            assertSame(registration, table.get(registration.token()));
        }
        assertEquals(100, table.toArray().length);
    }

    @Test
    void staleTokenOfAReusedSlotFindsNothing() {
        UepollRegistration first = register();
        table.remove(first.token());
        assertNull(table.get(first.token()));
        UepollRegistration second = register();
        assertEquals((int) first.token(), (int) second.token(), "the freed slot is reused");
        assertNotEquals(first.token(), second.token(), "under a new generation");
        assertNull(table.get(first.token()), "an event left in the ring for the first must not reach the second");
        assertSame(second, table.get(second.token()));
        table.remove(first.token()); // stale: ignored
        assertSame(second, table.get(second.token()));
        assertEquals(1, table.size());
    }

    @Test
    void tokensStayUniqueWhileSlotsAreRecycled() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UepollRegistration registration = register();
            assertTrue(seen.add(registration.token()), "token reused: " + registration.token());
            if (i % 3 != 0) {
                table.remove(registration.token());
            }
        }
        assertEquals(3334, table.size());
        assertEquals(3334, table.toArray().length);
    }

    @Test
    void unknownTokensFindNothing() {
        register();
        assertNull(table.get(-1L));
        assertNull(table.get(1L << 40 | 7));
        assertNull(table.get(RingTokens.MAX_TOKEN));
    }
}
