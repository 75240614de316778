package dev.sluice.core;

import dev.sluice.core.sink.ResultRow;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The plain group-by the engine must agree with: per (window start, key) count, sum, min, max and distinct values,
 * by brute force over a list, with no engine code. Rows render as comparable strings.
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
            }
        }
        final TreeMap<String, String> rows = new TreeMap<>();
        groups.forEach((id, g) -> rows.put(id, values(g[0], g[1], g[2], g[3], distinct.get(id).size())));
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
                r.longValue("distinct")));
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
        };
    }

    static String id(final long start, final long key)
    {
        return String.format("%+021d/%+021d", start, key);
    }

    static String values(final long count, final long sum, final long min, final long max, final long distinct)
    {
        return "count=" + count + " sum=" + sum + " min=" + min + " max=" + max + " distinct=" + distinct;
    }
}
