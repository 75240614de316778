package dev.sluice.core;

import dev.sluice.core.aggregate.LongAggregateFunction;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.sink.ResultRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The plain group-by the engine must agree with: per (window start, key) count, sum, min, max, distinct values and
 * a user-defined aggregation ({@link TopTwoSum}: the sum of the two largest values), by brute force over a list,
 * with no engine code. Rows render as comparable strings.
 */
public final class Reference
{
    private Reference()
    {
    }

    public static TreeMap<String, String> groupBy(final List<TestEvent> events, final long size, final long offset)
    {
        return groupBy(events, e -> List.of(e.time - Math.floorMod(e.time - offset, size)));
    }

    /**
     * @param events    the events.
     * @param windowsOf the starts of the windows an event counts in (none for an event that counts nowhere).
     * @return the plain group-by of every (event, window) pair, in the shape of {@link #of}.
     */
    public static TreeMap<String, String> groupBy(
        final List<TestEvent> events, final Function<TestEvent, List<Long>> windowsOf)
    {
        final TreeMap<String, long[]> groups = new TreeMap<>();
        final TreeMap<String, Set<Long>> distinct = new TreeMap<>();
        final TreeMap<String, List<Long>> all = new TreeMap<>();
        for (final TestEvent e : events)
        {
            for (final long start : windowsOf.apply(e))
            {
                final String id = id(start, e.key);
                final long[] g = groups.computeIfAbsent(id, k -> new long[]{ 0, 0, Long.MAX_VALUE, Long.MIN_VALUE });
                g[0]++;
                g[1] += e.value;
                g[2] = Math.min(g[2], e.value);
                g[3] = Math.max(g[3], e.value);
                distinct.computeIfAbsent(id, k -> new HashSet<>()).add(e.value);
                all.computeIfAbsent(id, k -> new ArrayList<>()).add(e.value);
            }
        }
        final TreeMap<String, String> rows = new TreeMap<>();
        groups.forEach((id, g) ->
        {
            // the plain fold of the user-defined aggregation: sort, take the two largest
            final List<Long> sorted = new ArrayList<>(all.get(id));
            sorted.sort(Comparator.reverseOrder());
            final long topTwo = sorted.size() == 1 ? sorted.get(0) : sorted.get(0) + sorted.get(1);
            rows.put(id, values(g[0], g[1], g[2], g[3], distinct.get(id).size(), topTwo));
        });
        return rows;
    }

    /**
     * @param rows latest rows of a pipeline built by {@link #aggregations()}.
     * @return the same shape as {@link #groupBy}.
     */
    public static TreeMap<String, String> of(final List<ResultRow> rows)
    {
        final TreeMap<String, String> result = new TreeMap<>();
        for (final ResultRow r : rows)
        {
            final String previous = result.put(id(r.windowStart(), r.key()), values(
                r.longValue("count"), r.longValue("sum"), r.longValue("min"), r.longValue("max"),
                r.longValue("distinct"), r.longValue("top2")));
            if (previous != null)
            {
                throw new AssertionError("two rows for " + r);
            }
        }
        return result;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    public static dev.sluice.core.aggregate.Aggregation<TestEvent>[] aggregations()
    {
        return new dev.sluice.core.aggregate.Aggregation[]{
            dev.sluice.core.aggregate.Aggregations.<TestEvent>count("count"),
            dev.sluice.core.aggregate.Aggregations.sum("sum", TestEvent::value),
            dev.sluice.core.aggregate.Aggregations.min("min", TestEvent::value),
            dev.sluice.core.aggregate.Aggregations.max("max", TestEvent::value),
            dev.sluice.core.aggregate.Aggregations.distinctCount("distinct", TestEvent::value),
            dev.sluice.core.aggregate.Aggregations.of("top2", new TopTwoSum()),
        };
    }

    static String id(final long start, final long key)
    {
        return String.format("%+021d/%+021d", start, key);
    }

    static String values(
        final long count, final long sum, final long min, final long max, final long distinct, final long topTwo)
    {
        return "count=" + count + " sum=" + sum + " min=" + min + " max=" + max + " distinct=" + distinct +
            " top2=" + topTwo;
    }

    /**
     * A user-defined aggregation as a user would write one: the sum of the two largest values (the largest alone
     * for one event), in a mutable accumulator that {@code add} changes in place.
     */
    static final class TopTwoSum implements LongAggregateFunction<TestEvent, long[]>
    {
        // { events seen, largest, second largest }
        public long[] createAccumulator()
        {
            return new long[]{ 0, Long.MIN_VALUE, Long.MIN_VALUE };
        }

        public long[] add(final long[] acc, final TestEvent event)
        {
            offer(acc, event.value);
            acc[0]++;
            return acc;
        }

        public long[] merge(final long[] acc, final long[] other)
        {
            if (other[0] > 0)
            {
                offer(acc, other[1]);
            }
            if (other[0] > 1)
            {
                offer(acc, other[2]);
            }
            acc[0] += other[0];
            return acc;
        }

        public long result(final long[] acc)
        {
            return acc[0] == 1 ? acc[1] : acc[1] + acc[2];
        }

        public void write(final long[] acc, final StateOutput out)
        {
            out.putLong(acc[0]).putLong(acc[1]).putLong(acc[2]);
        }

        public long[] read(final StateInput in)
        {
            return new long[]{ in.getLong(), in.getLong(), in.getLong() };
        }

        private static void offer(final long[] acc, final long value)
        {
            if (value > acc[1])
            {
                acc[2] = acc[1];
                acc[1] = value;
            }
            else if (value > acc[2])
            {
                acc[2] = value;
            }
        }
    }
}
