package dev.sluice.core.sink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Several {@link MergeableResultView}s of one pipeline read as one: the answer for a (window, key) is the merge of
 * every view's accumulators for it, with each aggregation's own merge, so that views over disjoint parts of a log
 * (a batch view up to a cutoff and a speed view after it) answer as one run over both parts would. A key that
 * only one view has is answered by that view alone; one that none has is answered with null (an empty range with
 * null, the whole view with an empty list), never an exception.
 * <p>
 * Immutable and thread-safe: it reads the views under their locks, into fresh accumulators of its own per query.
 * The answer is exact when the views cover disjoint records and each was read as of a moment when it stood still
 * or at a duty-cycle boundary of the job writing it; a {@code LambdaJob} guarantees both. Double sums merge by
 * adding the partial sums, which can differ in the last bits from adding every value in event order.
 */
public final class MergedResultView
{
    private final List<MergeableResultView> views;

    /**
     * @param views views of one pipeline (the same aggregations and key), over disjoint parts of its input.
     */
    public MergedResultView(final List<MergeableResultView> views)
    {
        this.views = List.copyOf(views);
    }

    /**
     * @return the views merged, in order.
     */
    public List<MergeableResultView> views()
    {
        return views;
    }

    /**
     * @param windowStart a window's start ({@code GlobalWindows.START} for the one window of a global pipeline).
     * @param key         the key (its id for a value-keyed pipeline).
     * @return the merged result of (window, key), or null when no view has it.
     */
    public ResultRow get(final long windowStart, final long key)
    {
        final Accumulators accumulators = accumulators();
        if (null == accumulators)
        {
            return null;
        }
        for (final MergeableResultView view : views)
        {
            view.mergeInto(accumulators, windowStart, key);
        }
        return accumulators.row(key);
    }

    /**
     * @param windowStart a window's start.
     * @param key         the user's key of a value-keyed pipeline (a Long for a primitive key).
     * @return the merged result of (window, key), or null when no view has it.
     */
    public ResultRow get(final long windowStart, final Object key)
    {
        final ResultSchema schema = schema();
        return null == schema || null == key ? null : get(windowStart, schema.keyFormat().idOf(key));
    }

    /**
     * One key over a time range: the merge of its results in every window that lies within [fromMs, toMs) (for
     * tumbling and global windows; hopping windows overlap, so an event would count once per window).
     *
     * @param key    the key (its id for a value-keyed pipeline).
     * @param fromMs the range's start.
     * @param toMs   its end, exclusive.
     * @return the merged result, spanning from the first window's start to the last one's end; null when the key
     * has no window in the range.
     */
    public ResultRow range(final long key, final long fromMs, final long toMs)
    {
        final Accumulators accumulators = accumulators();
        if (null == accumulators || toMs <= fromMs)
        {
            return null;
        }
        for (final MergeableResultView view : views)
        {
            view.mergeRangeInto(accumulators, key, fromMs, toMs);
        }
        return accumulators.row(key);
    }

    /**
     * @param key    the user's key of a value-keyed pipeline (a Long for a primitive key).
     * @param fromMs the range's start.
     * @param toMs   its end, exclusive.
     * @return see {@link #range(long, long, long)}.
     */
    public ResultRow range(final Object key, final long fromMs, final long toMs)
    {
        final ResultSchema schema = schema();
        return null == schema || null == key ? null : range(schema.keyFormat().idOf(key), fromMs, toMs);
    }

    /**
     * @return the merged result of every (window, key) any view has, sorted by (window start, key id).
     */
    public List<ResultRow> rows()
    {
        final Accumulators accumulators = accumulators();
        if (null == accumulators)
        {
            return List.of();
        }
        final List<long[]> pairs = new ArrayList<>();
        for (final MergeableResultView view : views)
        {
            view.forEachWindowKey(pairs::add);
        }
        pairs.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        final List<ResultRow> rows = new ArrayList<>(pairs.size());
        long[] previous = null;
        for (final long[] pair : pairs)
        {
            if (null != previous && Arrays.equals(previous, pair))
            {
                continue;
            }
            previous = pair;
            accumulators.clear();
            for (final MergeableResultView view : views)
            {
                view.mergeInto(accumulators, pair[0], pair[1]);
            }
            final ResultRow row = accumulators.row(pair[1]);
            if (null != row)
            {
                rows.add(row);
            }
        }
        return rows;
    }

    private ResultSchema schema()
    {
        for (final MergeableResultView view : views)
        {
            final ResultSchema schema = view.schema();
            if (null != schema)
            {
                return schema;
            }
        }
        return null;
    }

    private Accumulators accumulators()
    {
        final ResultSchema schema = schema();
        return null == schema ? null : new Accumulators(schema);
    }
}
