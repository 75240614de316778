package dev.sluice.core.aggregate;

import java.util.Arrays;

/**
 * Exact distinct counts per slot by sorting instead of hashing, for state that is read rarely and in bulk (a BATCH
 * job reads its state only at the end): every add appends a (slot, value) pair, with no lookup and no branch on
 * the data, and the pairs are sorted by (slot, value) when something is read, after which equal neighbours are one
 * value and each slot's values are one run.
 *
 * <pre>
 *   slots | s0 | s1 | s2 | ... | s(n-1) |     [0, sorted): sorted by (slot, value) and unique
 *   lows  | l0 | l1 | l2 | ... | l(n-1) |     [sorted, n): appended since, in arrival order
 *   highs | h0 | h1 | h2 | ... | h(n-1) |     value = highs[i] << 32 | lows[i]; no highs while every value
 *                                              fits in an int (then value = lows[i], sign-extended)
 *
 *   sort: LSD radix sort, 11 bits a pass, over only the bits in which the values differ and then the bits of
 *         (slot - lowest slot), pairs moved between these arrays and scratch arrays; then duplicates dropped and,
 *         per slot, the index of its first pair and its count.
 * </pre>
 *
 * A pair takes 8 bytes while the values fit in an int (ids and counts mostly do) and 12 after, and as much again
 * while sorting. A full buffer grows; once it holds a million pairs it is first sorted (dropping duplicates), as
 * long as the previous sort freed at least a quarter of it, so that memory follows the distinct pairs when values
 * repeat and a stream of distinct values is not sorted again and again. Not thread-safe.
 */
final class SortedDistinctPairs
{
    private static final int RADIX_BITS = 11;
    private static final int RADIX = 1 << RADIX_BITS;
    /** Below this many pairs a full buffer just grows. */
    private static final int SORT_WHEN_FULL_FROM = 1 << 20;

    private int[] slots = new int[1024];
    private int[] lows = new int[1024];
    /** The values' high words; null while every value fits in an int. */
    private int[] highs;
    private int[] scratchSlots = new int[0];
    private int[] scratchLows = new int[0];
    private int[] scratchHighs = new int[0];
    private final int[] histogram = new int[RADIX];
    private int count;
    private int sorted;
    /** Whether the last sort of a full buffer freed at least a quarter of it: sorting when full pays. */
    private boolean sortingFrees = true;
    private int maxSlot = -1;
    /** Per slot, after a sort: its first pair and its number of pairs (distinct values). */
    private int[] firstPair = new int[0];
    private int[] distinct = new int[0];

    /**
     * @param slot  the slot.
     * @param value the value to add.
     */
    void add(final int slot, final long value)
    {
        if (count == slots.length)
        {
            makeRoom();
        }
        put(count++, slot, value);
        maxSlot = Math.max(maxSlot, slot);
    }

    /**
     * Add {@code values[i]} to slot {@code slots[i]} for every {@code i < n}.
     */
    void addAll(final int[] slots, final long[] values, final int n)
    {
        while (count + n > this.slots.length)
        {
            makeRoom();
        }
        int max = maxSlot;
        final int at = count;
        for (int i = 0; i < n; i++)
        {
            put(at + i, slots[i], values[i]);
            max = Math.max(max, slots[i]);
        }
        maxSlot = max;
        count = at + n;
    }

    /**
     * @return pairs held, duplicates added since the last sort included.
     */
    int pairs()
    {
        return count;
    }

    /**
     * @param slot the slot.
     * @return its number of distinct values.
     */
    int size(final int slot)
    {
        sort();
        return slot < distinct.length ? distinct[slot] : 0;
    }

    /**
     * Copy a slot's values, ascending as unsigned longs.
     *
     * @param slot the slot.
     * @param into receives {@link #size} values; at least that long.
     * @return the number copied.
     */
    int values(final int slot, final long[] into)
    {
        final int n = size(slot);
        for (int i = 0, from = n > 0 ? firstPair[slot] : 0; i < n; i++)
        {
            into[i] = value(from + i);
        }
        return n;
    }

    /**
     * Add every distinct (slot, value) pair to per-slot sets, e.g. to count on in sets once the pairs have grown
     * too many.
     *
     * @param sets receives the pairs; holds room for every slot added to.
     */
    void copyInto(final SlotLongSets sets)
    {
        sort();
        for (int i = 0; i < count; i++)
        {
            sets.add(slots[i], value(i));
        }
    }

    /**
     * Empty one slot's set (a slot in use again). Rewrites every pair, but a BATCH job never reuses a slot.
     *
     * @param slot the slot.
     */
    void clear(final int slot)
    {
        if (slot > maxSlot)
        {
            return; // a slot never added to: nothing to drop
        }
        sort();
        if (slot < distinct.length && distinct[slot] > 0)
        {
            final int from = firstPair[slot];
            final int n = distinct[slot];
            final int moved = count - from - n;
            System.arraycopy(slots, from + n, slots, from, moved);
            System.arraycopy(lows, from + n, lows, from, moved);
            if (null != highs)
            {
                System.arraycopy(highs, from + n, highs, from, moved);
            }
            count -= n;
            sorted = count;
            distinct[slot] = 0;
            for (int s = slot + 1; s < firstPair.length; s++)
            {
                firstPair[s] -= n;
            }
        }
    }

    private void put(final int i, final int slot, final long value)
    {
        if (null == highs && (int)value != value)
        {
            widen(i);
        }
        slots[i] = slot;
        lows[i] = (int)value;
        if (null != highs)
        {
            highs[i] = (int)(value >>> 32);
        }
    }

    /**
     * The first value beyond an int: every pair stored so far gets its high word, the sign of its low one.
     *
     * @param stored pairs stored so far (an addAll stores before it counts).
     */
    private void widen(final int stored)
    {
        highs = new int[slots.length];
        for (int i = 0; i < stored; i++)
        {
            highs[i] = lows[i] >> 31;
        }
    }

    private long value(final int i)
    {
        return null == highs ? lows[i] : (long)highs[i] << 32 | (lows[i] & 0xFFFF_FFFFL);
    }

    private void makeRoom()
    {
        if (count >= SORT_WHEN_FULL_FROM && sortingFrees)
        {
            final int before = count;
            sort();
            sortingFrees = count <= before - (before >> 2);
            if (count + (count >> 1) < slots.length)
            {
                return;
            }
        }
        final int length = slots.length << 1;
        slots = Arrays.copyOf(slots, length);
        lows = Arrays.copyOf(lows, length);
        if (null != highs)
        {
            highs = Arrays.copyOf(highs, length);
        }
    }

    /**
     * Sort the pairs by (slot, value), drop duplicates and index the slots; nothing to do when nothing was added
     * since the last sort.
     */
    private void sort()
    {
        final int n = count;
        if (sorted == n)
        {
            return;
        }
        if (scratchSlots.length < slots.length)
        {
            scratchSlots = new int[slots.length];
            scratchLows = new int[slots.length];
        }
        if (null != highs && scratchHighs.length < slots.length)
        {
            scratchHighs = new int[slots.length];
        }
        // bits that are equal in every value do not order anything: sort only up to the highest that differs
        long valueOr = 0;
        long valueAnd = -1;
        int minSlot = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++)
        {
            // while narrow, the low words' bits are the values' bits that can differ
            final long v = null == highs ? lows[i] & 0xFFFF_FFFFL : value(i);
            valueOr |= v;
            valueAnd &= v;
            minSlot = Math.min(minSlot, slots[i]);
        }
        final int valueBits = Long.SIZE - Long.numberOfLeadingZeros(valueOr ^ valueAnd);
        final int slotBits = Integer.SIZE - Integer.numberOfLeadingZeros(maxSlot - minSlot);
        for (int shift = 0; shift < valueBits; shift += RADIX_BITS)
        {
            pass(n, shift, false, 0);
        }
        for (int shift = 0; shift < slotBits; shift += RADIX_BITS)
        {
            pass(n, shift, true, minSlot);
        }
        indexAndDropDuplicates(n);
    }

    /**
     * One stable counting-sort pass on the digit at {@code shift} of the values (their low words while narrow),
     * or of (slot - minSlot), from the pairs into the scratch arrays; then the two swap.
     */
    private void pass(final int n, final int shift, final boolean bySlot, final int minSlot)
    {
        final int[] histogram = this.histogram;
        Arrays.fill(histogram, 0);
        for (int i = 0; i < n; i++)
        {
            histogram[digit(i, shift, bySlot, minSlot)]++;
        }
        int sum = 0;
        for (int d = 0; d < RADIX; d++)
        {
            final int c = histogram[d];
            histogram[d] = sum;
            sum += c;
        }
        final int[] fromSlots = slots;
        final int[] fromLows = lows;
        final int[] fromHighs = highs;
        final int[] toSlots = scratchSlots;
        final int[] toLows = scratchLows;
        final int[] toHighs = null == fromHighs ? null : scratchHighs;
        for (int i = 0; i < n; i++)
        {
            final int at = histogram[digit(i, shift, bySlot, minSlot)]++;
            toSlots[at] = fromSlots[i];
            toLows[at] = fromLows[i];
            if (null != toHighs)
            {
                toHighs[at] = fromHighs[i];
            }
        }
        scratchSlots = fromSlots;
        scratchLows = fromLows;
        slots = toSlots;
        lows = toLows;
        if (null != toHighs)
        {
            scratchHighs = fromHighs;
            highs = toHighs;
        }
    }

    private int digit(final int i, final int shift, final boolean bySlot, final int minSlot)
    {
        if (bySlot)
        {
            return ((slots[i] - minSlot) >>> shift) & (RADIX - 1);
        }
        final long bits = null == highs ? lows[i] & 0xFFFF_FFFFL : value(i);
        return (int)(bits >>> shift) & (RADIX - 1);
    }

    private void indexAndDropDuplicates(final int n)
    {
        if (distinct.length <= maxSlot)
        {
            distinct = new int[maxSlot + 1];
            firstPair = new int[maxSlot + 1];
        }
        else
        {
            Arrays.fill(distinct, 0);
        }
        int kept = 0;
        int previousSlot = -1;
        long previousValue = 0;
        for (int i = 0; i < n; i++)
        {
            final int slot = slots[i];
            final long value = value(i);
            if (slot != previousSlot)
            {
                firstPair[slot] = kept;
            }
            else if (value == previousValue)
            {
                continue;
            }
            slots[kept] = slot;
            lows[kept] = lows[i];
            if (null != highs)
            {
                highs[kept] = highs[i];
            }
            kept++;
            distinct[slot]++;
            previousSlot = slot;
            previousValue = value;
        }
        count = kept;
        sorted = kept;
    }
}
