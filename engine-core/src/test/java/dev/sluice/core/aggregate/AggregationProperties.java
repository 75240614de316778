package dev.sluice.core.aggregate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every accumulator merges: accumulating a list split in two parts and merging equals accumulating it whole. The
 * plain aggregates are exact; quantiles are within the stated relative error of the exact rank value.
 */
class AggregationProperties
{
    private static final LongValueFunction<Long> IDENTITY = v -> v;

    @Provide
    Arbitrary<List<Long>> values()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs().between(-1_000, 1_000),
            Arbitraries.longs().between(-5_000_000_000L, 5_000_000_000L),
            Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE + 1))
            .list().ofMinSize(1).ofMaxSize(300);
    }

    @SuppressWarnings("unchecked")
    static List<Aggregation<Long>> all()
    {
        return List.of(
            Aggregations.count("count"),
            Aggregations.sum("sum", IDENTITY),
            Aggregations.min("min", IDENTITY),
            Aggregations.max("max", IDENTITY),
            Aggregations.avg("avg", IDENTITY),
            Aggregations.distinctCount("distinct", IDENTITY),
            Aggregations.quantiles("q", IDENTITY, 0.02, 0, 0.25, 0.5, 0.9, 0.99, 1),
            Aggregations.longStats(IDENTITY, "c", "s", "mi", "ma"),
            Aggregations.longStats(IDENTITY, null, "s", null, "ma"));
    }

    @Property(tries = 200)
    void mergedPartialsShouldEqualTheWhole(
        @ForAll("values") final List<Long> values,
        @ForAll @IntRange(min = 0, max = 300) final int splitAt,
        @ForAll @IntRange(min = 0, max = 40) final int slotNoise,
        @ForAll final boolean bulkWhole,
        @ForAll final boolean bulkLeft,
        @ForAll final boolean bulkRight)
    {
        final int split = Math.min(splitAt, values.size());
        for (final Aggregation<Long> aggregation : all())
        {
            // a column read in bulk (BATCH) merges with one that is not, either way round
            final AggregateColumn<Long> whole = column(aggregation, bulkWhole);
            final AggregateColumn<Long> left = column(aggregation, bulkLeft);
            final AggregateColumn<Long> right = column(aggregation, bulkRight);
            // use slots beyond the initial capacity too: growth must keep earlier slots
            final int slot = slotNoise;
            for (final AggregateColumn<Long> c : List.of(whole, left, right))
            {
                c.ensureCapacity(slot + 1);
                c.reset(slot);
            }
            for (int i = 0; i < values.size(); i++)
            {
                whole.accumulate(slot, values.get(i));
                (i < split ? left : right).accumulate(slot, values.get(i));
            }
            left.merge(slot, right, slot);
            for (int o = 0; o < aggregation.outputNames().size(); o++)
            {
                assertEquals(whole.longResult(slot, o), left.longResult(slot, o), aggregation.toString());
                assertEquals(whole.doubleResult(slot, o), left.doubleResult(slot, o), 0.0, aggregation.toString());
            }
        }
    }

    @Property(tries = 200)
    void groupsAddedAtOnceShouldEqualEventsAddedOneByOne(
        @ForAll("values") final List<Long> values,
        @ForAll @IntRange(min = 1, max = 20) final int slots,
        @ForAll @IntRange(min = 1, max = 40) final int groupSize,
        @ForAll final boolean bulk)
    {
        for (final Aggregation<Long> aggregation : all())
        {
            final AggregateColumn<Long> oneByOne = aggregation.newColumn();
            final AggregateColumn<Long> grouped = column(aggregation, bulk);
            for (final AggregateColumn<Long> c : List.of(oneByOne, grouped))
            {
                c.ensureCapacity(slots);
                for (int s = 0; s < slots; s++)
                {
                    c.reset(s);
                }
            }
            final int[] groupSlots = new int[groupSize];
            final long[] groupValues = new long[groupSize];
            int n = 0;
            for (int i = 0; i < values.size(); i++)
            {
                // the same slot may come twice in a group, as when a key has two events in a row
                final int slot = (int)Math.floorMod(values.get(i) * 31 + i / 3, (long)slots);
                oneByOne.accumulate(slot, values.get(i));
                groupSlots[n] = slot;
                groupValues[n++] = grouped.valueOf(values.get(i));
                if (n == groupSize || i == values.size() - 1)
                {
                    grouped.addAll(groupSlots, groupValues, n);
                    n = 0;
                }
            }
            for (int s = 0; s < slots; s++)
            {
                for (int o = 0; o < aggregation.outputNames().size(); o++)
                {
                    assertEquals(oneByOne.doubleResult(s, o), grouped.doubleResult(s, o), 0.0,
                        aggregation + " slot " + s);
                }
            }
        }
    }

    private static AggregateColumn<Long> column(final Aggregation<Long> aggregation, final boolean bulk)
    {
        final AggregateColumn<Long> column = aggregation.newColumn();
        if (bulk)
        {
            column.expectBulkReads();
        }
        return column;
    }

    @Property(tries = 200)
    void plainAggregatesShouldBeExact(@ForAll("values") final List<Long> values)
    {
        final List<Aggregation<Long>> aggregations = all();
        final long[] expected = new long[]{
            values.size(),
            values.stream().mapToLong(Long::longValue).sum(),
            values.stream().mapToLong(Long::longValue).min().orElseThrow(),
            values.stream().mapToLong(Long::longValue).max().orElseThrow() };
        for (int a = 0; a < 4; a++)
        {
            final AggregateColumn<Long> column = accumulate(aggregations.get(a), values);
            assertEquals(expected[a], column.longResult(0, 0), aggregations.get(a).toString());
        }
        final AggregateColumn<Long> avg = accumulate(aggregations.get(4), values);
        assertEquals((double)expected[1] / values.size(), avg.doubleResult(0, 0), 1e-9 * Math.abs((double)expected[1]) + 1e-9);
        assertEquals(new HashSet<>(values).size(), accumulate(aggregations.get(5), values).longResult(0, 0));
        final AggregateColumn<Long> stats = accumulate(aggregations.get(7), values);
        for (int o = 0; o < 4; o++)
        {
            assertEquals(expected[o], stats.longResult(0, o), "longStats output " + o);
        }
        final AggregateColumn<Long> some = accumulate(aggregations.get(8), values);
        assertEquals(expected[1], some.longResult(0, 0));
        assertEquals(expected[3], some.longResult(0, 1));
    }

    @Property(tries = 300)
    void quantilesShouldBeWithinTheRelativeAccuracyOfTheExactRankValue(
        @ForAll("values") final List<Long> values,
        @ForAll @DoubleRange(min = 0, max = 1) @net.jqwik.api.constraints.Scale(4) final double q,
        @ForAll @DoubleRange(min = 0.001, max = 0.2) @net.jqwik.api.constraints.Scale(4) final double accuracy)
    {
        final QuantileSketch sketch = new QuantileSketch(accuracy);
        for (final long v : values)
        {
            sketch.add(v);
        }
        final long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        final long rank = Math.max(1, (long)Math.ceil(q * sorted.length));
        final double exact = sorted[(int)rank - 1];
        final double estimate = sketch.quantile(q);
        // the stated bound plus floating-point slack at bucket edges
        assertTrue(Math.abs(estimate - exact) <= accuracy * Math.abs(exact) * (1 + 1e-9) + 1e-6,
            "q=" + q + " exact=" + exact + " estimate=" + estimate + " accuracy=" + accuracy);
        assertEquals(values.size(), sketch.count());
    }

    @Property(tries = 50)
    void slotsShouldBeIndependentAndReusableAfterReset(@ForAll @Size(min = 1, max = 50) final List<@IntRange(min = -9,
        max = 9) Integer> values)
    {
        for (final Aggregation<Long> aggregation : all())
        {
            final AggregateColumn<Long> column = aggregation.newColumn();
            column.ensureCapacity(2);
            column.reset(0);
            column.reset(1);
            column.accumulate(1, 12345L);
            for (final int v : values)
            {
                column.accumulate(0, (long)v);
            }
            final AggregateColumn<Long> fresh = accumulate(aggregation, toLongs(values));
            column.reset(1);
            for (final int v : values)
            {
                column.accumulate(1, (long)v);
            }
            for (int o = 0; o < aggregation.outputNames().size(); o++)
            {
                assertEquals(fresh.doubleResult(0, o), column.doubleResult(0, o), 0.0, aggregation.toString());
                assertEquals(fresh.doubleResult(0, o), column.doubleResult(1, o), 0.0, aggregation.toString());
            }
        }
    }

    private static List<Long> toLongs(final List<Integer> values)
    {
        final List<Long> longs = new ArrayList<>();
        for (final int v : values)
        {
            longs.add((long)v);
        }
        return longs;
    }

    private static AggregateColumn<Long> accumulate(final Aggregation<Long> aggregation, final List<Long> values)
    {
        final AggregateColumn<Long> column = aggregation.newColumn();
        column.ensureCapacity(1);
        column.reset(0);
        for (final long v : values)
        {
            column.accumulate(0, v);
        }
        return column;
    }
}
