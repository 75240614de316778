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
