package dev.sluice.core.internal;

import org.agrona.collections.LongLongConsumer;

import java.util.Arrays;

/**
 * The keys of one window and the slot of each: an open-addressing table (linear probing, power-of-two capacity, at
 * most 2/3 full) of 16-byte entries in one {@code long[]}, so that a lookup reads one cache line in most cases.
 *
 * <pre>
 *   entries: | key 0 | slot 0 + 1 | key 1 | slot 1 + 1 | ... | key c-1 | slot c-1 + 1 |
 *            an entry whose second word is 0 is empty, so every long is a valid key
 * </pre>
 *
 * {@link #touch} is the prefetch of a later {@link #get}: it loads the line the lookup starts at, so that the
 * window operator can touch the keys of a group of events as they arrive and look them all up afterwards, when
 * their lines are on their way (Java has no prefetch instruction; a plain load whose result nobody waits for does
 * that job on an out-of-order core). Fibonacci hashing takes the index from the product's high bits, which spreads
 * keys that differ only in their high half, like packed composite keys. Not thread-safe.
 */
final class KeySlotMap
{
    /** What {@link #get} returns for a key not in the map. */
    public static final int NO_SLOT = -1;
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 29;

    private long[] entries;
    private int shift;
    private int mask;
    private int size;
    private int resizeAt;
    /** Sums what {@link #touch} loads, so that the loads are not optimised away; its value means nothing. */
    private long touched;

    /**
     * @param expectedKeys keys the map should hold without growing.
     */
    public KeySlotMap(final int expectedKeys)
    {
        allocate(capacityFor(expectedKeys));
    }

    /**
     * @param key a key.
     * @return its slot, or {@link #NO_SLOT}.
     */
    public int get(final long key)
    {
        final long[] entries = this.entries;
        final int mask = this.mask;
        int i = index(key);
        long slotWord;
        while ((slotWord = entries[(i << 1) + 1]) != 0)
        {
            if (entries[i << 1] == key)
            {
                return (int)slotWord - 1;
            }
            i = (i + 1) & mask;
        }
        return NO_SLOT;
    }

    /**
     * Load the line a {@link #get} of {@code key} would read first.
     *
     * @param key a key.
     */
    public void touch(final long key)
    {
        touched += entries[index(key) << 1];
    }

    /**
     * @param key  a key not in the map.
     * @param slot its slot, &gt;= 0.
     */
    public void put(final long key, final int slot)
    {
        if (slot < 0)
        {
            throw new IllegalArgumentException("slot " + slot + " of key " + key + ": slots are >= 0");
        }
        if (size == resizeAt)
        {
            rehash(entries.length);
        }
        insert(entries, key, slot);
        size++;
    }

    /**
     * @return keys in the map.
     */
    public int size()
    {
        return size;
    }

    /**
     * Remove every key, keeping room for at least {@code expectedKeys} without growing.
     *
     * @param expectedKeys keys the map should hold without growing.
     */
    public void clear(final int expectedKeys)
    {
        final int capacity = capacityFor(expectedKeys);
        if (capacity > entries.length >> 1)
        {
            allocate(capacity);
        }
        else if (size > 0)
        {
            Arrays.fill(entries, 0);
        }
        size = 0;
    }

    /**
     * @param consumer called with (key, slot) of every entry, in table order.
     */
    public void forEach(final LongLongConsumer consumer)
    {
        final long[] entries = this.entries;
        for (int i = 0; i < entries.length; i += 2)
        {
            final long slotWord = entries[i + 1];
            if (slotWord != 0)
            {
                consumer.accept(entries[i], slotWord - 1);
            }
        }
    }

    private int index(final long key)
    {
        return (int)((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void insert(final long[] entries, final long key, final int slot)
    {
        int i = index(key);
        while (entries[(i << 1) + 1] != 0)
        {
            i = (i + 1) & mask;
        }
        entries[i << 1] = key;
        entries[(i << 1) + 1] = slot + 1L;
    }

    private void rehash(final int capacity)
    {
        final long[] old = entries;
        allocate(capacity);
        for (int i = 0; i < old.length; i += 2)
        {
            final long slotWord = old[i + 1];
            if (slotWord != 0)
            {
                insert(entries, old[i], (int)slotWord - 1);
            }
        }
    }

    private void allocate(final int capacity)
    {
        if (capacity > MAX_CAPACITY)
        {
            throw new IllegalStateException("a window with more than " + resizeAt + " keys is beyond a key map");
        }
        entries = new long[capacity << 1];
        mask = capacity - 1;
        shift = Long.SIZE - Integer.numberOfTrailingZeros(capacity);
        resizeAt = (int)(capacity * 2L / 3);
    }

    private static int capacityFor(final int expectedKeys)
    {
        final long needed = Math.min(MAX_CAPACITY, Math.max(MIN_CAPACITY, (expectedKeys * 3L + 1) / 2 + 1));
        return Math.max(MIN_CAPACITY, Integer.highestOneBit((int)needed - 1) << 1);
    }
}
