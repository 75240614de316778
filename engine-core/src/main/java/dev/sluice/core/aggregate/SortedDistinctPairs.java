package dev.sluice.core.aggregate;

import java.util.Arrays;

/**
 * Exact distinct counts per slot by grouping instead of a hash set per slot, for state that is read rarely and in
 * bulk (a BATCH job reads its state only at the end): every add appends a (slot, value) pair, with no lookup and no
 * branch on the data, and the pairs are grouped by slot, without duplicates, when something is read ("sorted"
 * below), after which each slot's distinct values are one run.
 *
 * <pre>
 *   slots | s0 | s1 | s2 | ... | s(n-1) |     [0, sorted): by slot, each slot's values distinct (in no order)
 *   lows  | l0 | l1 | l2 | ... | l(n-1) |     [sorted, n): appended since, in arrival order
 *   highs | h0 | h1 | h2 | ... | h(n-1) |     value = highs[i] << 32 | lows[i]; no highs while every value
 *                                              fits in an int (then value = lows[i], sign-extended)
 *
 *   sort: a counting pass per slot, the values moved into one run per slot in scratch arrays, each run copied
 *         back without its duplicates (a small hash table per run); per slot, the index of its first pair and
 *         its count.
 * </pre>
 *
 * A pair takes 8 bytes while the values fit in an int (ids and counts mostly do) and 12 after, and 4 (8) more
 * while sorting, plus 4 bytes a slot. A full buffer grows; once it holds a million pairs it is first sorted
 * (dropping duplicates), as long as the previous sort freed at least a quarter of it, so that memory follows the
 * distinct pairs when values repeat and a stream of distinct values is not sorted again and again. Not
 * thread-safe.
 */
final class SortedDistinctPairs
{
    /** Below this many pairs a full buffer just grows. */
    private static final int SORT_WHEN_FULL_FROM = 1 << 20;
    /** Cells of the smallest per-slot table: at least twice a run's values. */
    private static final int MIN_RUN_TABLE = 64;

    private int[] slots = new int[1024];
    private int[] lows = new int[1024];
    /** The values' high words; null while every value fits in an int. */
    private int[] highs;
    private int[] scratchLows = new int[0];
    private int[] scratchHighs = new int[0];
    /** Per slot from the lowest one, while sorting: where its run of values starts (then ends). */
    private int[] runStart = new int[0];
    /** The hash table that drops one slot's duplicates while sorting, and its cells' stamps. */
    private long[] runTable = new long[MIN_RUN_TABLE];
    private int[] runStamps = new int[MIN_RUN_TABLE];
    private int runStamp;
    private int count;
    private int sorted;
    /** Whether the last sort of a full buffer freed at least a quarter of it: sorting when full pays. */
    private boolean sortingFrees = true;
    private int maxSlot = -1;
    /** The lowest slot ever added to (a cleared one included): where the sort's per-slot counts start. */
    private int minSlot = Integer.MAX_VALUE;
    /** Per slot, after a sort: its first pair and its number of pairs (distinct values). */
    private int[] firstPair = new int[0];
    private int[] distinct = new int[0];
    /** Per slot: its pairs were dropped when it was freed, and it has not been cleared for use since. */
    private boolean[] dropped = new boolean[0];

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
        minSlot = Math.min(minSlot, slot);
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
        int min = minSlot;
        final int at = count;
        for (int i = 0; i < n; i++)
        {
            put(at + i, slots[i], values[i]);
            max = Math.max(max, slots[i]);
            min = Math.min(min, slots[i]);
        }
        maxSlot = max;
        minSlot = min;
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
        // a run is in no order: the sign bit flipped, a signed sort orders them as unsigned longs (a cold path:
        // merges and checkpoints)
        for (int i = 0, from = n > 0 ? firstPair[slot] : 0; i < n; i++)
        {
            into[i] = value(from + i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(into, 0, n);
        for (int i = 0; i < n; i++)
        {
            into[i] ^= Long.MIN_VALUE;
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
     * Drop the pairs of many slots in one pass (a BATCH job freeing the windows it fired): afterwards they hold
     * nothing and their next {@link #clear} is free. The pairs left are grouped again at the next read.
     *
     * @param freed holds the slots at {@code [from, to)}.
     * @param from  first index.
     * @param to    index after the last.
     */
    void drop(final int[] freed, final int from, final int to)
    {
        if (from == to)
        {
            return;
        }
        if (dropped.length <= maxSlot)
        {
            dropped = Arrays.copyOf(dropped, Math.max(maxSlot + 1, dropped.length << 1));
        }
        final boolean[] dropped = this.dropped;
        for (int i = from; i < to; i++)
        {
            final int slot = freed[i];
            if (slot <= maxSlot)
            {
                dropped[slot] = true;
                if (slot < distinct.length)
                {
                    distinct[slot] = 0;
                }
            }
        }
        final int[] slots = this.slots;
        final int[] lows = this.lows;
        final int[] highs = this.highs;
        final int n = count;
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            final int slot = slots[i];
            if (!dropped[slot])
            {
                slots[kept] = slot;
                lows[kept] = lows[i];
                if (null != highs)
                {
                    highs[kept] = highs[i];
                }
                kept++;
            }
        }
        count = kept;
        // the runs left are still grouped, but their index moved: the next read groups them again
        sorted = kept == 0 ? 0 : -1;
    }

    /**
     * Empty one slot's set (a slot in use again): nothing to do for a slot never added to or {@link #drop dropped}
     * since; otherwise every pair is rewritten (a BATCH job frees its slots with {@link #drop}).
     *
     * @param slot the slot.
     */
    void clear(final int slot)
    {
        if (slot > maxSlot)
        {
            return; // a slot never added to: nothing to drop
        }
        if (slot < dropped.length && dropped[slot])
        {
            dropped[slot] = false; // dropped when freed, not added to since: adds come only after this clear
            return;
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
     * Group the pairs by slot, drop duplicates and index the slots; nothing to do when nothing was added since the
     * last sort. One pass counts each slot's pairs, one moves every value into its slot's run (in the scratch
     * arrays), one copies each run back without its duplicates ({@link #indexAndDropDuplicates}). A radix sort over
     * (slot, value) took two passes per 11 bits of each (four for orders-5m, with their histograms) and was a third
     * of a cold BATCH run; sorting each slot's run instead saved a tenth of that, its compares mispredicted.
     */
    private void sort()
    {
        final int n = count;
        if (sorted == n)
        {
            return;
        }
        final int[] slots = this.slots;
        final int minSlot = this.minSlot;
        final int range = maxSlot - minSlot + 1;
        if (runStart.length < range + 1)
        {
            runStart = new int[range + 1];
        }
        else
        {
            Arrays.fill(runStart, 0, range + 1, 0);
        }
        final int[] runStart = this.runStart;
        for (int i = 0; i < n; i++)
        {
            runStart[slots[i] - minSlot + 1]++;
        }
        for (int s = 0; s < range; s++)
        {
            runStart[s + 1] += runStart[s];
        }
        if (scratchLows.length < n)
        {
            scratchLows = new int[slots.length];
        }
        if (null != highs && scratchHighs.length < n)
        {
            scratchHighs = new int[slots.length];
        }
        // runStart[s] moves on as the run of slot (minSlot + s) fills: afterwards it is where the next run starts
        final int[] lows = this.lows;
        final int[] highs = this.highs;
        final int[] toLows = scratchLows;
        final int[] toHighs = null == highs ? null : scratchHighs;
        for (int i = 0; i < n; i++)
        {
            final int at = runStart[slots[i] - minSlot]++;
            toLows[at] = lows[i];
            if (null != toHighs)
            {
                toHighs[at] = highs[i];
            }
        }
        indexAndDropDuplicates(minSlot, range);
    }

    /**
     * Copies each slot's run of values from the scratch arrays back without its duplicates, in slot order, found
     * with a small hash table per run (reused, its cells told apart by a stamp per run, so never cleared): a run
     * holds a few dozen values in a typical window and key, mostly distinct, so the probe is one predictable
     * branch where sorting the run took a mispredicted compare per step. {@code runStart[s]} is where the run of
     * slot {@code minSlot + s} ends and the next one starts.
     */
    private void indexAndDropDuplicates(final int minSlot, final int range)
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
        final int[] runStart = this.runStart;
        final int[] fromLows = scratchLows;
        final int[] fromHighs = null == highs ? null : scratchHighs;
        int kept = 0;
        int from = 0;
        for (int s = 0; s < range; s++)
        {
            final int to = runStart[s];
            final int length = to - from;
            if (length == 0)
            {
                continue;
            }
            int capacity = MIN_RUN_TABLE;
            while (capacity < length << 1)
            {
                capacity <<= 1;
            }
            if (runTable.length < capacity)
            {
                runTable = new long[capacity];
                runStamps = new int[capacity];
            }
            if (++runStamp == Integer.MAX_VALUE)
            {
                Arrays.fill(runStamps, 0);
                runStamp = 1;
            }
            final long[] table = runTable;
            final int[] stamps = runStamps;
            final int stamp = runStamp;
            final int mask = capacity - 1;
            final int shift = Long.SIZE - Integer.numberOfTrailingZeros(capacity);
            final int slot = minSlot + s;
            firstPair[slot] = kept;
            for (int at = from; at < to; at++)
            {
                final long value = null == fromHighs ?
                    fromLows[at] : (long)fromHighs[at] << 32 | (fromLows[at] & 0xFFFF_FFFFL);
                int cell = (int)((value * 0x9E37_79B9_7F4A_7C15L) >>> shift);
                while (true)
                {
                    if (stamps[cell] != stamp)
                    {
                        stamps[cell] = stamp;
                        table[cell] = value;
                        putKept(kept++, slot, value);
                        break;
                    }
                    if (table[cell] == value)
                    {
                        break;
                    }
                    cell = (cell + 1) & mask;
                }
            }
            distinct[slot] = kept - firstPair[slot];
            from = to;
        }
        count = kept;
        sorted = kept;
    }

    private void putKept(final int i, final int slot, final long value)
    {
        slots[i] = slot;
        lows[i] = (int)value;
        if (null != highs)
        {
            highs[i] = (int)(value >>> 32);
        }
    }
}
