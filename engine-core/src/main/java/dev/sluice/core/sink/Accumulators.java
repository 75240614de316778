package dev.sluice.core.sink;

import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.checkpoint.StateInput;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.List;

/**
 * One (window, key)'s accumulators, fresh from the schema's aggregations, into which the stored states of
 * {@link MergeableResultView}s are read back and merged: each aggregation's own merge (counts and sums add,
 * distinct sets union, quantile sketches merge). Two sets of columns, so that a state is read into the second and
 * merged into the first, never into itself. Not thread-safe: one query at a time; the states are read under the
 * lock of the view that holds them.
 */
final class Accumulators
{
    /** Named in the errors of a state that does not read back. */
    private static final Path IN_MEMORY = Path.of("(merged view state)");

    private final ResultSchema schema;
    private final AggregateColumn<Object>[] merged;
    private final AggregateColumn<Object>[] incoming;
    private final WindowResult result;
    private final UnsafeBuffer state = new UnsafeBuffer(new byte[0]);
    private boolean any;
    private long windowStart;
    private long windowEnd;
    private Object keyValue;

    @SuppressWarnings("unchecked")
    Accumulators(final ResultSchema schema)
    {
        this.schema = schema;
        final List<Aggregation<?>> aggregations = schema.aggregations();
        merged = new AggregateColumn[aggregations.size()];
        incoming = new AggregateColumn[aggregations.size()];
        for (int i = 0; i < merged.length; i++)
        {
            merged[i] = (AggregateColumn<Object>)aggregations.get(i).newColumn();
            incoming[i] = (AggregateColumn<Object>)aggregations.get(i).newColumn();
            merged[i].ensureCapacity(1);
            incoming[i].ensureCapacity(1);
        }
        result = new WindowResult(schema, merged);
        clear();
    }

    /**
     * @return the schema these accumulators are made for.
     */
    ResultSchema schema()
    {
        return schema;
    }

    /**
     * Start a new merge: nothing read yet.
     */
    void clear()
    {
        any = false;
        windowStart = Long.MAX_VALUE;
        windowEnd = Long.MIN_VALUE;
        keyValue = null;
    }

    /**
     * @return true once a state was read since {@link #clear()}.
     */
    boolean any()
    {
        return any;
    }

    /**
     * Read one stored state and merge it into what was read since {@link #clear()}.
     *
     * @param entry a copy of a view's entry: its accumulators as {@link WindowResult#snapshotState} wrote them.
     */
    void merge(final MergeableResultView.Entry entry)
    {
        state.wrap(entry.state, 0, entry.length);
        final StateInput in = new StateInput(IN_MEMORY, state, 0, entry.length);
        // the first state is read straight into the result; each later one beside it, then merged in
        final AggregateColumn<Object>[] into = any ? incoming : merged;
        for (final AggregateColumn<Object> column : into)
        {
            column.reset(0);
            column.restore(0, in);
        }
        in.expectEnd();
        if (any)
        {
            for (int i = 0; i < merged.length; i++)
            {
                merged[i].merge(0, incoming[i], 0);
            }
        }
        any = true;
        windowStart = Math.min(windowStart, entry.windowStart);
        windowEnd = Math.max(windowEnd, entry.windowEnd);
        if (null != entry.keyValue)
        {
            keyValue = entry.keyValue;
        }
    }

    /**
     * @param key the key's id.
     * @return the merged state's result, spanning the windows merged; null when nothing was read.
     */
    ResultRow row(final long key)
    {
        if (!any)
        {
            return null;
        }
        result.wrap(windowStart, windowEnd, key, 0, false);
        final long[] copy = new long[schema.fieldCount()];
        for (int f = 0; f < copy.length; f++)
        {
            copy[f] = result.rawBits(f);
        }
        return new ResultRow(schema, windowStart, windowEnd, key, false, false, copy, keyValue);
    }
}
