package dev.sluice.core.aggregate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sorted pairs count exactly what a set per slot counts, whatever the order of adds, reads and clears: values
 * that differ only in high bits, negative and extreme values, slots far apart, reads between adds (a sorted part
 * and an appended part), and a buffer large enough to be sorted when full.
 */
class SortedDistinctPairsProperties
{
    /**
     * One step: kind 0..6 adds (one pair, or a group of up to 40), 7 reads a slot, 8 clears it, 9 drops it and the
     * next two in bulk (freed with their window: cleared before their next add, as a slot used again is).
     */
    record Step(int kind, int slot, long value)
    {
    }

    @Provide
    Arbitrary<List<Step>> steps()
    {
        final Arbitrary<Integer> slots = Arbitraries.oneOf(
            Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 5000));
        final Arbitrary<Long> values = Arbitraries.oneOf(
            Arbitraries.longs().between(-3, 3),
            Arbitraries.longs().between(0, 40).map(v -> v << 40),
            Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE),
            Arbitraries.longs());
        return Combinators.combine(Arbitraries.integers().between(0, 9), slots, values).as(Step::new)
            .list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void shouldCountAsASetPerSlot(@ForAll("steps") final List<Step> steps)
    {
        final SortedDistinctPairs pairs = new SortedDistinctPairs();
        final Map<Integer, Set<Long>> reference = new HashMap<>();
        final int[] groupSlots = new int[40];
        final long[] groupValues = new long[40];
        final Set<Integer> dropped = new HashSet<>();
        for (final Step step : steps)
        {
            if (step.kind() <= 6)
            {
                // a freed slot is reset before it is used again
                for (int s = step.slot(); s < step.slot() + (step.kind() == 6 ? 3 : 1); s++)
                {
                    if (dropped.remove(s))
                    {
                        pairs.clear(s);
                    }
                }
            }
            if (step.kind() <= 5)
            {
                pairs.add(step.slot(), step.value());
                reference.computeIfAbsent(step.slot(), s -> new HashSet<>()).add(step.value());
            }
            else if (step.kind() == 6)
            {
                // a group, as the window operator hands them over: neighbouring slots, repeated values
                final int n = 1 + (int)Math.floorMod(step.value(), 40L);
                for (int i = 0; i < n; i++)
                {
                    groupSlots[i] = step.slot() + (i % 3);
                    // small negative values among others: a group may widen the pairs half-way through
                    groupValues[i] = i % 4 == 0 ? -1 - i : step.value() + (i % 5);
                    reference.computeIfAbsent(groupSlots[i], s -> new HashSet<>()).add(groupValues[i]);
                }
                pairs.addAll(groupSlots, groupValues, n);
            }
            else if (step.kind() == 7)
            {
                assertSlot(pairs, reference, step.slot());
            }
            else if (step.kind() == 8)
            {
                pairs.clear(step.slot());
                reference.remove(step.slot());
                dropped.remove(step.slot());
            }
            else
            {
                // padded: only [1, 4) is dropped
                final int[] freed = { 6001, step.slot(), step.slot() + 1, step.slot() + 2, 6002 };
                for (int i = 1; i < 4; i++)
                {
                    dropped.add(freed[i]);
                    reference.remove(freed[i]);
                }
                pairs.drop(freed, 1, 4);
                assertEquals(0, pairs.size(step.slot()), "a dropped slot");
            }
        }
        for (final int slot : reference.keySet())
        {
            assertSlot(pairs, reference, slot);
        }
        assertEquals(0, pairs.size(6000), "a slot never added to");
    }

    @Test
    void shouldDropDuplicatesWhenFullAndKeepEveryDistinctValue()
    {
        final SortedDistinctPairs pairs = new SortedDistinctPairs();
        // 3M adds of 300k distinct pairs: the buffer is sorted when full instead of growing to 3M pairs
        for (int i = 0; i < 3_000_000; i++)
        {
            pairs.add(i % 1000, (i / 1000) % 300);
        }
        for (int slot = 0; slot < 1000; slot++)
        {
            assertEquals(300, pairs.size(slot), "slot " + slot);
        }
        // then a stream of distinct values: sorting when full stops paying and the buffer grows
        for (int i = 0; i < 2_500_000; i++)
        {
            pairs.add(1000 + i % 7, i);
        }
        for (int slot = 1000; slot < 1007; slot++)
        {
            assertEquals(2_500_000 / 7 + (slot - 1000 < 2_500_000 % 7 ? 1 : 0), pairs.size(slot), "slot " + slot);
        }
        assertEquals(300, pairs.size(999));
    }

    @Property(tries = 100)
    void aBulkColumnShouldCountOnInSetsOnceItHoldsTooManyPairs(@ForAll("steps") final List<Step> steps)
    {
        final DistinctCountColumn<Long> column = new DistinctCountColumn<>(v -> v, 50);
        column.expectBulkReads();
        column.ensureCapacity(5003);
        final Map<Integer, Set<Long>> reference = new HashMap<>();
        final int[] slot = new int[1];
        final long[] value = new long[1];
        for (final Step step : steps)
        {
            if (step.kind() == 8)
            {
                column.reset(step.slot());
                reference.remove(step.slot());
            }
            else if (step.kind() == 7)
            {
                assertEquals(reference.getOrDefault(step.slot(), Set.of()).size(), column.longResult(step.slot(), 0));
            }
            else
            {
                slot[0] = step.slot();
                value[0] = step.value() % 7;
                column.addAll(slot, value, 1);
                reference.computeIfAbsent(step.slot(), s -> new HashSet<>()).add(step.value() % 7);
            }
        }
        for (final int s : reference.keySet())
        {
            assertEquals(reference.get(s).size(), column.longResult(s, 0), "slot " + s);
        }
    }

    private static void assertSlot(final SortedDistinctPairs pairs, final Map<Integer, Set<Long>> reference, final int slot)
    {
        final Set<Long> expected = reference.getOrDefault(slot, Set.of());
        assertEquals(expected.size(), pairs.size(slot), "slot " + slot);
        final long[] values = new long[expected.size()];
        assertEquals(expected.size(), pairs.values(slot, values));
        final List<Long> got = new ArrayList<>();
        for (final long v : values)
        {
            got.add(v);
        }
        assertEquals(expected, new HashSet<>(got), "slot " + slot);
        for (int i = 1; i < values.length; i++)
        {
            assertEquals(-1, Long.compareUnsigned(values[i - 1], values[i]), "slot " + slot + " ascending");
        }
    }
}
