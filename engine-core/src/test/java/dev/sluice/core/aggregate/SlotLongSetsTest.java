package dev.sluice.core.aggregate;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotLongSetsTest
{
    @Test
    void shouldCountZeroNegativeAndExtremeValuesExactly()
    {
        final SlotLongSets sets = new SlotLongSets(2);
        final long[] values = { 0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Long.MIN_VALUE };
        for (final long v : values)
        {
            sets.add(1, v);
        }
        assertEquals(5, sets.size(1));
        assertEquals(0, sets.size(0));
        assertFalse(sets.add(1, 0));
        assertTrue(sets.add(0, 0));
        final long[] copy = new long[5];
        assertEquals(5, sets.values(1, copy));
        final Set<Long> seen = new HashSet<>();
        for (final long v : copy)
        {
            seen.add(v);
        }
        assertEquals(Set.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE), seen);
    }

    @Test
    void shouldKeepSlotsIndependentThroughGrowthClearAndReuse()
    {
        final int slots = 300;
        final SlotLongSets sets = new SlotLongSets(16);
        sets.ensureCapacity(slots);
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 5; round++)
        {
            @SuppressWarnings("unchecked")
            final Set<Long>[] expected = new Set[slots];
            for (int s = 0; s < slots; s++)
            {
                sets.clear(s);
                expected[s] = new HashSet<>();
            }
            for (int i = 0; i < 60_000; i++)
            {
                // skewed sizes: a few slots grow past the kept block size, most stay small
                final int slot = random.nextInt(10) == 0 ? random.nextInt(3) : random.nextInt(slots);
                final long value = random.nextLong(round * 50L - 500, 2000);
                assertEquals(expected[slot].add(value), sets.add(slot, value), "slot " + slot + " value " + value);
            }
            for (int s = 0; s < slots; s++)
            {
                assertEquals(expected[s].size(), sets.size(s), "round " + round + " slot " + s);
            }
            final SlotLongSets union = new SlotLongSets(1);
            union.addAll(0, sets, 0);
            union.addAll(0, sets, 1);
            final Set<Long> both = new HashSet<>(expected[0]);
            both.addAll(expected[1]);
            assertEquals(both.size(), union.size(0));
        }
    }

    @Test
    void shouldWidenASetWhenAValueLeavesTheIntRangeAndKeepItsValues()
    {
        final SlotLongSets sets = new SlotLongSets(3);
        final Set<Long> expected = new HashSet<>();
        for (long v = -20; v <= 20; v++)
        {
            assertEquals(expected.add(v), sets.add(0, v));
        }
        final long[] wide = { Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, 1L << 40, -(1L << 40), 40L << 32 };
        for (final long v : wide)
        {
            assertTrue(sets.add(0, v));
            expected.add(v);
        }
        for (final long v : expected)
        {
            assertFalse(sets.add(0, v), "value " + v);
        }
        // int-sized values that equal a wide value's low or high word are still distinct from it
        assertTrue(sets.add(0, 40));
        expected.add(40L);
        assertEquals(expected.size(), sets.size(0));
        final long[] copy = new long[expected.size()];
        assertEquals(expected.size(), sets.values(0, copy));
        final Set<Long> seen = new HashSet<>();
        for (final long v : copy)
        {
            seen.add(v);
        }
        assertEquals(expected, seen);

        // sets begun after one turned wide start wide, and still hold int-sized values
        assertTrue(sets.add(1, 7));
        assertTrue(sets.add(1, Integer.MAX_VALUE));
        assertFalse(sets.add(1, 7));
        final SlotLongSets union = new SlotLongSets(1);
        union.addAll(0, sets, 1);
        union.addAll(0, sets, 0);
        assertEquals(expected.size() + 1, union.size(0));
        sets.clear(0);
        assertEquals(0, sets.size(0));
        assertTrue(sets.add(0, 1L << 40));
        assertFalse(sets.add(0, 1L << 40));
    }

    @Test
    void shouldHoldASetLargerThanAChunk()
    {
        final SlotLongSets sets = new SlotLongSets(1);
        final int n = 1_000_000;
        for (int i = 1; i <= n; i++)
        {
            sets.add(0, i * 0x9E3779B97F4A7C15L);
        }
        for (int i = 1; i <= n; i += 1000)
        {
            assertFalse(sets.add(0, i * 0x9E3779B97F4A7C15L));
        }
        assertEquals(n, sets.size(0));
        sets.clear(0);
        assertEquals(0, sets.size(0));
        assertTrue(sets.add(0, 42));
        assertEquals(1, sets.size(0));
    }
}
