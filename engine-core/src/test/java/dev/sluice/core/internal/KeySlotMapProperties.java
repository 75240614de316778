package dev.sluice.core.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The window key map behaves as a map from any long to its slot: the same answers as a {@link HashMap} for every
 * sequence of lookups, inserts, touches and clears, through growth and reuse, for keys that collide in the table
 * (packed composite keys, multiples of the capacity, the extremes of long).
 */
class KeySlotMapProperties
{
    @Provide
    Arbitrary<List<Long>> keys()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs().between(-50, 50),
            // packed (high, low) keys differ only in their high half or only in their low half
            Arbitraries.longs().between(0, 40).map(h -> h << 32 | (h % 7)),
            Arbitraries.longs().between(0, 40).map(k -> k << 20),
            Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE),
            Arbitraries.longs())
            .list().ofMaxSize(600);
    }

    @Property(tries = 300)
    void shouldAnswerAsAHashMap(
        @ForAll("keys") final List<Long> keys,
        @ForAll @IntRange(min = 0, max = 100) final int expectedKeys,
        @ForAll @IntRange(min = 0, max = 400) final int clearAt)
    {
        final KeySlotMap map = new KeySlotMap(expectedKeys);
        final Map<Long, Integer> reference = new HashMap<>();
        int nextSlot = 0;
        for (int i = 0; i < keys.size(); i++)
        {
            if (i == clearAt)
            {
                map.clear(expectedKeys);
                reference.clear();
            }
            final long key = keys.get(i);
            map.touch(key);
            final int slot = map.get(key);
            final Integer expected = reference.get(key);
            assertEquals(null == expected ? KeySlotMap.NO_SLOT : expected, slot, "key " + key);
            if (null == expected)
            {
                map.put(key, nextSlot);
                reference.put(key, nextSlot++);
            }
            assertEquals(reference.size(), map.size());
        }
        final Map<Long, Integer> iterated = new HashMap<>();
        map.forEach((key, slot) -> assertEquals(null, iterated.put(key, (int)slot), "key " + key + " twice"));
        assertEquals(reference, iterated);
    }

    @Test
    void shouldKeepItsSlotsThroughGrowthAndReuse()
    {
        final KeySlotMap map = new KeySlotMap(0);
        for (int round = 0; round < 3; round++)
        {
            for (int k = 0; k < 10_000; k++)
            {
                map.put(pack(k), k + round);
            }
            for (int k = 0; k < 10_000; k++)
            {
                assertEquals(k + round, map.get(pack(k)));
            }
            assertEquals(KeySlotMap.NO_SLOT, map.get(pack(10_000)));
            map.clear(10_000);
            assertEquals(0, map.size());
            assertEquals(KeySlotMap.NO_SLOT, map.get(pack(0)));
        }
    }

    @Test
    void shouldRejectANegativeSlot()
    {
        assertThrows(IllegalArgumentException.class, () -> new KeySlotMap(4).put(1, -1));
    }

    private static long pack(final int k)
    {
        return (long)(k % 1000) << 32 | (k / 1000);
    }
}
