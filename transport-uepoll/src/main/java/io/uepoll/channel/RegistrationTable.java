package io.uepoll.channel;

import java.util.Arrays;

/**
 * A loop's registrations indexed by their ring token: the low 32 bits of a token are a slot in an
 * array, the bits above a generation that changes each time the slot is reused. Dispatching an
 * event is then one array load and one compare instead of a hash lookup, and an event still in
 * the ring for a removed registration cannot reach the slot's next owner (the generation differs).
 * Loop thread only.
 */
final class RegistrationTable {
    private static final int GENERATION_BITS = 29; // keeps tokens below RingTokens' reserved values
    private static final int GENERATION_MASK = (1 << GENERATION_BITS) - 1;

    private UepollRegistration[] slots;
    private int[] generations;
    private int[] freeSlots;
    private int freeCount;
    /** Slots [0, used) have been handed out at least once. */
    private int used;
    private int size;

    RegistrationTable(int initialCapacity) {
        slots = new UepollRegistration[initialCapacity];
        generations = new int[initialCapacity];
        freeSlots = new int[initialCapacity];
    }

    /** Reserves a slot and returns the token its next registration gets. */
    long nextToken() {
        int slot = freeCount > 0 ? freeSlots[--freeCount] : newSlot();
        return (long) generations[slot] << 32 | slot;
    }

    /** Fills the slot {@link #nextToken()} reserved. */
    void put(long token, UepollRegistration registration) {
        slots[slot(token)] = registration;
        size++;
    }

    /** The registration of this token, or null when it was removed (or its slot reused since). */
    UepollRegistration get(long token) {
        int slot = slot(token);
        UepollRegistration registration = slot >= 0 && slot < used ? slots[slot] : null;
        return registration != null && registration.token() == token ? registration : null;
    }

    /** Frees the token's slot for reuse under the next generation; a stale token is ignored. */
    void remove(long token) {
        int slot = slot(token);
        if (get(token) == null) {
            return;
        }
        slots[slot] = null;
        generations[slot] = (generations[slot] + 1) & GENERATION_MASK;
        freeSlots[freeCount++] = slot;
        size--;
    }

    int size() {
        return size;
    }

    UepollRegistration[] toArray() {
        UepollRegistration[] all = new UepollRegistration[size];
        int n = 0;
        for (int i = 0; i < used; i++) {
            if (slots[i] != null) {
                all[n++] = slots[i];
            }
        }
        return all;
    }

    private int newSlot() {
        if (used == slots.length) {
            int capacity = slots.length * 2;
            slots = Arrays.copyOf(slots, capacity);
            generations = Arrays.copyOf(generations, capacity);
            freeSlots = Arrays.copyOf(freeSlots, capacity);
        }
        return used++;
    }

    private static int slot(long token) {
        return (int) token;
    }
}
