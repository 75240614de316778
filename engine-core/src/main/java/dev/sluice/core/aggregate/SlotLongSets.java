package dev.sluice.core.aggregate;

import java.util.Arrays;

/**
 * One exact set of longs per slot, each an open-addressing table (linear probing, power-of-two capacity, at most
 * 3/4 full) in a block of a few large shared {@code int[]} chunks, with per-slot metadata in one flat array: no
 * object per slot, so adding a value to a slot's set touches the slot's metadata (16 bytes, dense) and the one
 * cache line its probe starts at, instead of a set object, its array header and its values.
 * <p>
 * A set starts narrow, one int per cell, and turns wide, two ints per cell (low word first), the first time it is
 * given a value outside the int range: ids and counts mostly fit in 32 bits, and half-size cells halve the cache
 * lines a set spans and the memory a window holds. Once any set of this instance turned wide, new sets start wide.
 * <p>
 * Blocks come in power-of-two size classes (in ints) from 16 ints (one cache line) up; a freed block is zeroed and
 * kept on its class's free list, so once the sets have reached their working size nothing is allocated. An
 * all-zero cell is empty, so the value 0 is kept as a per-slot flag instead. A block larger than a chunk gets a
 * chunk of its own.
 * <p>
 * {@link #touch} is the prefetch of a later {@link #add}: it loads the cell the add's probe starts at, so that a
 * caller holding a group of adds can touch them all back to back (their cache misses overlap) and then add them
 * (Java has no prefetch instruction; a plain load whose result is not waited for does that job on an out-of-order
 * core). A slot's first block starts at the size class most slots hold, sparing most sets their early regrowth.
 * <p>
 * Not thread-safe.
 */
final class SlotLongSets
{
    private static final int MIN_SHIFT = 4;
    /** Ints of the largest chunk: 8 MiB. */
    private static final int CHUNK_SHIFT = 21;
    private static final int CHUNK_INTS = 1 << CHUNK_SHIFT;
    /** First cell of a chunk: an int[]'s elements start 16 bytes in, so index 12 starts a 64-byte line. */
    private static final int CHUNK_BASE = 12;
    private static final long NO_BLOCK = -1;
    /** A cleared slot keeps a block of up to 2^KEEP_SHIFT ints (8 KiB); a bigger one goes back to the pool. */
    private static final int KEEP_SHIFT = 11;
    private static final long HAS_ZERO = 1;
    private static final long WIDE = 2;
    private static final int SIZE_SHIFT = 8;

    /**
     * Per slot, side by side in one line: at {@code 2 * slot} the block reference (chunk << 32 | offset) or
     * NO_BLOCK, at {@code 2 * slot + 1} size << 8 | capacity shift << 2 | WIDE | HAS_ZERO.
     */
    private long[] slots = new long[0];

    private int[][] chunks = new int[0][];
    private int bumpChunk = -1;
    private int bumpOffset = CHUNK_INTS;
    /** Length of the chunk blocks are cut from. */
    private int bumpLimit;
    /**
     * Length of the next chunk: chunks grow from 1 KiB to {@link #CHUNK_INTS}, so the sets of a few slots (a runner
     * that keeps one column per window and key, as the Flink runner does) hold kilobytes, not a whole chunk.
     */
    private int nextChunkInts = 1 << 8;
    /** Per size class: free block references, as a stack. */
    private long[][] freeBlocks = new long[32][];
    private final int[] freeCounts = new int[32];
    /** Per size class: blocks held by slots. */
    private final int[] liveBlocks = new int[32];
    /** The size class most slots hold: a slot's first block starts there, sparing the early regrowth. */
    private int typicalShift = MIN_SHIFT;
    /** Whether new sets start wide: some set has needed it. */
    private boolean startWide;
    /** Sums what {@link #touch} loads, so that the loads are not optimised away; its value means nothing. */
    private long touched;

    SlotLongSets(final int slots)
    {
        ensureCapacity(slots);
    }

    void ensureCapacity(final int slots)
    {
        final int from = this.slots.length >> 1;
        if (slots > from)
        {
            final int capacity = Math.max(slots, from << 1);
            this.slots = Arrays.copyOf(this.slots, capacity << 1);
            for (int i = from; i < capacity; i++)
            {
                this.slots[i << 1] = NO_BLOCK;
            }
        }
    }

    /**
     * Empty a slot's set, returning its block to the free lists.
     *
     * @param slot the slot.
     */
    void clear(final int slot)
    {
        final long block = slots[slot << 1];
        final long m = slots[(slot << 1) + 1];
        if (block != NO_BLOCK)
        {
            final int blockShift = blockShift(m);
            if (blockShift <= KEEP_SHIFT)
            {
                // a reused slot is likely to need as much room again: keep the block, emptied, and skip regrowing
                final int base = (int)block;
                Arrays.fill(chunks[(int)(block >>> 32)], base, base + (1 << blockShift), 0);
                slots[(slot << 1) + 1] = m & ((1L << SIZE_SHIFT) - 1) & ~HAS_ZERO;
                return;
            }
            free(block, blockShift);
            slots[slot << 1] = NO_BLOCK;
        }
        slots[(slot << 1) + 1] = 0;
    }

    /**
     * @param slot the slot.
     * @return values in the slot's set.
     */
    int size(final int slot)
    {
        final long m = slots[(slot << 1) + 1];
        return (int)(m >>> SIZE_SHIFT) + (int)(m & HAS_ZERO);
    }

    /**
     * Load the table cell an {@link #add} of {@code value} to {@code slot} would probe first.
     *
     * @param slot  the slot.
     * @param value the value.
     */
    void touch(final int slot, final long value)
    {
        final long block = slots[slot << 1];
        if (block != NO_BLOCK)
        {
            final long m = slots[(slot << 1) + 1];
            final int mask = (1 << shift(m)) - 1;
            touched += chunks[(int)(block >>> 32)][(int)block + ((hash(value) & mask) << wide(m))];
        }
    }

    /**
     * @param slot  the slot.
     * @param value the value to add.
     * @return true if the value was not in the set.
     */
    boolean add(final int slot, final long value)
    {
        long m = slots[(slot << 1) + 1];
        if (value == 0)
        {
            if ((m & HAS_ZERO) != 0)
            {
                return false;
            }
            slots[(slot << 1) + 1] = m | HAS_ZERO;
            return true;
        }
        if (slots[slot << 1] == NO_BLOCK)
        {
            final int wide = startWide ? 1 : 0;
            slots[slot << 1] = allocate(typicalShift);
            m = (long)(typicalShift - wide) << 2 | (wide * WIDE) | (m & HAS_ZERO);
        }
        if ((m & WIDE) == 0)
        {
            if ((int)value == value)
            {
                return addNarrow(slot, (int)value, m);
            }
            startWide = true;
            m = rebuild(slot, m, shift(m), 1);
        }
        return addWide(slot, value, m);
    }

    private boolean addNarrow(final int slot, final int value, final long m)
    {
        final long block = slots[slot << 1];
        final int mask = (1 << shift(m)) - 1;
        final int[] chunk = chunks[(int)(block >>> 32)];
        final int base = (int)block;
        int i = hash(value) & mask;
        int cell;
        while ((cell = chunk[base + i]) != 0)
        {
            if (cell == value)
            {
                return false;
            }
            i = (i + 1) & mask;
        }
        chunk[base + i] = value;
        added(slot, m);
        return true;
    }

    private boolean addWide(final int slot, final long value, final long m)
    {
        final long block = slots[slot << 1];
        final int mask = (1 << shift(m)) - 1;
        final int[] chunk = chunks[(int)(block >>> 32)];
        final int base = (int)block;
        final int low = (int)value;
        final int high = (int)(value >>> 32);
        int i = hash(value) & mask;
        int cellLow;
        int cellHigh;
        while (((cellLow = chunk[base + (i << 1)]) | (cellHigh = chunk[base + (i << 1) + 1])) != 0)
        {
            if (cellLow == low && cellHigh == high)
            {
                return false;
            }
            i = (i + 1) & mask;
        }
        chunk[base + (i << 1)] = low;
        chunk[base + (i << 1) + 1] = high;
        added(slot, m);
        return true;
    }

    private void added(final int slot, final long m)
    {
        final long size = (m >>> SIZE_SHIFT) + 1;
        final long grown = size << SIZE_SHIFT | (m & ((1L << SIZE_SHIFT) - 1));
        slots[(slot << 1) + 1] = grown;
        final int shift = shift(m);
        if (size > (3L << shift) >>> 2)
        {
            rebuild(slot, grown, shift + 1, wide(m));
        }
    }

    /**
     * Add every value of another slot's set (possibly of another instance).
     *
     * @param slot      the target slot.
     * @param other     the source sets.
     * @param otherSlot the source slot.
     */
    void addAll(final int slot, final SlotLongSets other, final int otherSlot)
    {
        final long m = other.slots[(otherSlot << 1) + 1];
        if ((m & HAS_ZERO) != 0)
        {
            add(slot, 0);
        }
        final long block = other.slots[otherSlot << 1];
        if (block == NO_BLOCK)
        {
            return;
        }
        final int[] chunk = other.chunks[(int)(block >>> 32)];
        final int base = (int)block;
        final int wide = wide(m);
        for (int i = 0, capacity = 1 << shift(m); i < capacity; i++)
        {
            final long value = cell(chunk, base, i, wide);
            if (value != 0)
            {
                add(slot, value);
            }
        }
    }

    /**
     * Copy a slot's values, in no particular order.
     *
     * @param slot the slot.
     * @param into receives {@link #size} values; at least that long.
     * @return the number copied.
     */
    int values(final int slot, final long[] into)
    {
        final long m = slots[(slot << 1) + 1];
        int n = 0;
        if ((m & HAS_ZERO) != 0)
        {
            into[n++] = 0;
        }
        final long block = slots[slot << 1];
        if (block != NO_BLOCK)
        {
            final int[] chunk = chunks[(int)(block >>> 32)];
            final int base = (int)block;
            final int wide = wide(m);
            for (int i = 0, capacity = 1 << shift(m); i < capacity; i++)
            {
                final long value = cell(chunk, base, i, wide);
                if (value != 0)
                {
                    into[n++] = value;
                }
            }
        }
        return n;
    }

    /**
     * Move a slot's values into a new block of {@code 2^shift} cells of the given width (growth or widening).
     *
     * @return the slot's new metadata.
     */
    private long rebuild(final int slot, final long m, final int shift, final int wide)
    {
        final long oldBlock = slots[slot << 1];
        final int oldWide = wide(m);
        final int oldBlockShift = blockShift(m);
        final long block = allocate(shift + wide);
        final int[] from = chunks[(int)(oldBlock >>> 32)];
        final int fromBase = (int)oldBlock;
        final int[] to = chunks[(int)(block >>> 32)];
        final int toBase = (int)block;
        final int mask = (1 << shift) - 1;
        for (int j = 0, capacity = 1 << shift(m); j < capacity; j++)
        {
            final long value = cell(from, fromBase, j, oldWide);
            if (value != 0)
            {
                int i = hash(value) & mask;
                while (cell(to, toBase, i, wide) != 0)
                {
                    i = (i + 1) & mask;
                }
                to[toBase + (i << wide)] = (int)value;
                if (wide != 0)
                {
                    to[toBase + (i << 1) + 1] = (int)(value >>> 32);
                }
            }
        }
        free(oldBlock, oldBlockShift);
        slots[slot << 1] = block;
        final long rebuilt = (m & ~((1L << SIZE_SHIFT) - 1 - HAS_ZERO)) | (long)shift << 2 | (wide * WIDE);
        slots[(slot << 1) + 1] = rebuilt;
        return rebuilt;
    }

    private long allocate(final int shift)
    {
        if (++liveBlocks[shift] > liveBlocks[typicalShift])
        {
            typicalShift = shift;
        }
        final int count = freeCounts[shift];
        if (count > 0)
        {
            freeCounts[shift] = count - 1;
            return freeBlocks[shift][count - 1];
        }
        final int length = 1 << shift;
        if (length > CHUNK_INTS - CHUNK_BASE)
        {
            // a set bigger than a chunk gets a chunk of its own
            return (long)addChunk(new int[CHUNK_BASE + length]) << 32 | CHUNK_BASE;
        }
        // blocks are aligned to their own size within the chunk's cells, so a small block never straddles lines
        int offset = (bumpOffset + length - 1) & -length;
        if (bumpChunk < 0 || CHUNK_BASE + offset + length > bumpLimit)
        {
            bumpLimit = Math.min(CHUNK_INTS, Math.max(nextChunkInts, CHUNK_BASE + length));
            nextChunkInts = Math.min(CHUNK_INTS, bumpLimit << 1);
            bumpChunk = addChunk(new int[bumpLimit]);
            offset = 0;
        }
        bumpOffset = offset + length;
        return (long)bumpChunk << 32 | (CHUNK_BASE + offset);
    }

    private int addChunk(final int[] chunk)
    {
        final int index = chunks.length;
        chunks = Arrays.copyOf(chunks, index + 1);
        chunks[index] = chunk;
        return index;
    }

    private void free(final long block, final int shift)
    {
        if (--liveBlocks[shift] < 0)
        {
            liveBlocks[shift] = 0;
        }
        if (shift == typicalShift)
        {
            for (int s = MIN_SHIFT; s < liveBlocks.length; s++)
            {
                if (liveBlocks[s] > liveBlocks[typicalShift])
                {
                    typicalShift = s;
                }
            }
        }
        final int base = (int)block;
        Arrays.fill(chunks[(int)(block >>> 32)], base, base + (1 << shift), 0);
        long[] stack = freeBlocks[shift];
        final int count = freeCounts[shift];
        if (null == stack || count == stack.length)
        {
            stack = null == stack ? new long[64] : Arrays.copyOf(stack, count << 1);
            freeBlocks[shift] = stack;
        }
        stack[count] = block;
        freeCounts[shift] = count + 1;
    }

    /**
     * @return the value in cell {@code i} of a block, 0 if empty.
     */
    private static long cell(final int[] chunk, final int base, final int i, final int wide)
    {
        if (wide == 0)
        {
            return chunk[base + i];
        }
        return (long)chunk[base + (i << 1) + 1] << 32 | (chunk[base + (i << 1)] & 0xFFFF_FFFFL);
    }

    /**
     * @return log2 of the table's cells.
     */
    private static int shift(final long meta)
    {
        return (int)(meta >>> 2) & 0x3F;
    }

    /**
     * @return 1 if cells are two ints, else 0.
     */
    private static int wide(final long meta)
    {
        return (int)(meta >>> 1) & 1;
    }

    /**
     * @return log2 of the block's ints.
     */
    private static int blockShift(final long meta)
    {
        return shift(meta) + wide(meta);
    }

    private static int hash(final long value)
    {
        final long x = value * 0x9E3779B97F4A7C15L;
        return (int)(x >>> 32) ^ (int)x;
    }
}
