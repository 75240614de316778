package dev.sluice.core.sink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * Several {@link MergeableResultView}s of one pipeline read as one: the answer for a (window, key) is the merge of
 * every view's accumulators for it, with each aggregation's own merge, so that views over disjoint parts of a log
 * (a batch view up to a cutoff and a speed view after it) answer as one run over both parts would. A key that
 * only one view has is answered by that view alone; one that none has is answered with null (an empty range with
 * null, the whole view with an empty list), never an exception.
 * <p>
 * Immutable and thread-safe. A query copies the accumulators it needs out of each view under that view's lock,
 * and under {@code consistentRead} when one is given, then reads them back and merges them into fresh accumulators
 * of its own with no lock held. The answer is exact when the views cover disjoint records and are copied as of one
 * moment: a writer that holds {@code consistentRead} exclusively while it changes them (a {@code LambdaJob}'s speed
 * layer, for a duty cycle) is never seen half way. Double sums merge by adding the partial sums, which can differ in
 * the last bits from adding every value in event order.
 */
public final class MergedResultView
{
    private static final Comparator<MergeableResultView.Entry> BY_WINDOW_AND_KEY =
        Comparator.<MergeableResultView.Entry>comparingLong(e -> e.windowStart).thenComparingLong(e -> e.key);

    /** Accumulators kept for the next queries, at most this many: fresh columns are dear (sets, sketches). */
    private static final int SPARE_ACCUMULATORS = 4;

    private final List<MergeableResultView> views;
    private final Lock consistentRead;
    private final java.util.concurrent.ConcurrentLinkedQueue<Accumulators> spare =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * @param views views of one pipeline (the same aggregations and key), over disjoint parts of its input.
     */
    public MergedResultView(final List<MergeableResultView> views)
    {
        this(views, null);
    }

    /**
     * @param views          views of one pipeline (the same aggregations and key), over disjoint parts of its input.
     * @param consistentRead held while a query copies from the views; null for none.
     */
    public MergedResultView(final List<MergeableResultView> views, final Lock consistentRead)
    {
        this.views = List.copyOf(views);
        this.consistentRead = consistentRead;
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
        final List<MergeableResultView.Entry> entries = new ArrayList<>(views.size());
        lock();
        try
        {
            for (final MergeableResultView view : views)
            {
                final MergeableResultView.Entry entry = view.copy(windowStart, key);
                if (null != entry)
                {
                    entries.add(entry);
                }
            }
        }
        finally
        {
            unlock();
        }
        return merge(entries, key);
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
        if (toMs <= fromMs)
        {
            return null;
        }
        final List<MergeableResultView.Entry> entries = new ArrayList<>();
        lock();
        try
        {
            for (final MergeableResultView view : views)
            {
                view.copyRange(key, fromMs, toMs, entries);
            }
        }
        finally
        {
            unlock();
        }
        return merge(entries, key);
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
        final List<MergeableResultView.Entry> entries = new ArrayList<>();
        lock();
        try
        {
            for (final MergeableResultView view : views)
            {
                view.copyAll(entries);
            }
        }
        finally
        {
            unlock();
        }
        final ResultSchema schema = schema();
        if (entries.isEmpty() || null == schema)
        {
            return List.of();
        }
        // stable: the entries of one (window, key) stay in view order
        entries.sort(BY_WINDOW_AND_KEY);
        final Accumulators accumulators = borrow(schema);
        final List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < entries.size(); )
        {
            final MergeableResultView.Entry first = entries.get(i);
            accumulators.clear();
            do
            {
                accumulators.merge(entries.get(i++));
            }
            while (i < entries.size() && entries.get(i).windowStart == first.windowStart &&
                entries.get(i).key == first.key);
            rows.add(accumulators.row(first.key));
        }
        giveBack(accumulators);
        return rows;
    }

    private ResultRow merge(final List<MergeableResultView.Entry> entries, final long key)
    {
        final ResultSchema schema = schema();
        if (entries.isEmpty() || null == schema)
        {
            return null;
        }
        final Accumulators accumulators = borrow(schema);
        accumulators.clear();
        for (final MergeableResultView.Entry entry : entries)
        {
            accumulators.merge(entry);
        }
        final ResultRow row = accumulators.row(key);
        giveBack(accumulators);
        return row;
    }

    private Accumulators borrow(final ResultSchema schema)
    {
        final Accumulators kept = spare.poll();
        return null != kept && kept.schema() == schema ? kept : new Accumulators(schema);
    }

    private void giveBack(final Accumulators accumulators)
    {
        if (spare.size() < SPARE_ACCUMULATORS)
        {
            spare.offer(accumulators);
        }
    }

    private void lock()
    {
        if (null != consistentRead)
        {
            consistentRead.lock();
        }
    }

    private void unlock()
    {
        if (null != consistentRead)
        {
            consistentRead.unlock();
        }
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
}
