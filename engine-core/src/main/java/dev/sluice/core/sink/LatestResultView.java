package dev.sluice.core.sink;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The serving layer: an in-memory view of the latest result per (window, key). An update replaces the earlier
 * result, so after a run the view holds each (window, key)'s final value.
 * <p>
 * Thread-safe: the job thread writes and any thread may query; both take the view's lock (once per emission,
 * never per event).
 */
public final class LatestResultView implements ResultSink
{
    private final Long2ObjectHashMap<Long2ObjectHashMap<ResultRow>> windows = new Long2ObjectHashMap<>();
    private int size;
    private long emissions;
    private long updates;

    public synchronized void onResult(final WindowResult result)
    {
        Long2ObjectHashMap<ResultRow> keys = windows.get(result.windowStart());
        if (null == keys)
        {
            keys = new Long2ObjectHashMap<>();
            windows.put(result.windowStart(), keys);
        }
        if (null == keys.put(result.key(), result.toRow()))
        {
            size++;
        }
        emissions++;
        if (result.isUpdate())
        {
            updates++;
        }
    }

    /**
     * @param windowStart window start.
     * @param key         the key.
     * @return the latest result of (window, key), or null if none was emitted.
     */
    public synchronized ResultRow get(final long windowStart, final long key)
    {
        final Long2ObjectHashMap<ResultRow> keys = windows.get(windowStart);
        return null == keys ? null : keys.get(key);
    }

    /**
     * @param windowStart a window start.
     * @return that window's latest rows, sorted by key.
     */
    public synchronized List<ResultRow> window(final long windowStart)
    {
        final List<ResultRow> rows = new ArrayList<>();
        final Long2ObjectHashMap<ResultRow> keys = windows.get(windowStart);
        if (null != keys)
        {
            rows.addAll(keys.values());
            rows.sort(Comparator.comparingLong(ResultRow::key));
        }
        return rows;
    }

    /**
     * @return every latest row, sorted by (window start, key).
     */
    public synchronized List<ResultRow> rows()
    {
        final List<ResultRow> rows = new ArrayList<>(size);
        for (final Long2ObjectHashMap<ResultRow> keys : windows.values())
        {
            rows.addAll(keys.values());
        }
        rows.sort(Comparator.comparingLong(ResultRow::windowStart).thenComparingLong(ResultRow::key));
        return rows;
    }

    /**
     * Drop windows that start before {@code windowStart}: retention for long-running views.
     *
     * @param windowStart the oldest window start to keep.
     * @return rows dropped.
     */
    public synchronized int evictBefore(final long windowStart)
    {
        int dropped = 0;
        final Long2ObjectHashMap<Long2ObjectHashMap<ResultRow>>.KeyIterator it = windows.keySet().iterator();
        while (it.hasNext())
        {
            final long start = it.nextLong();
            if (start < windowStart)
            {
                dropped += windows.get(start).size();
                it.remove();
            }
        }
        size -= dropped;
        return dropped;
    }

    /**
     * @return number of (window, key) pairs held.
     */
    public synchronized int size()
    {
        return size;
    }

    /**
     * @return emissions received, updates included.
     */
    public synchronized long emissions()
    {
        return emissions;
    }

    public synchronized long updates()
    {
        return updates;
    }

    public synchronized void clear()
    {
        windows.clear();
        size = 0;
        emissions = 0;
        updates = 0;
    }
}
