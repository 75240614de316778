package dev.sluice.core.sink;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The serving layer: an in-memory view of the latest result per (window, key). An update replaces the earlier
 * result, so after a run the view holds each (window, key)'s final value; with early results
 * ({@code PipelineBuilder.earlyResults}) it holds the running value of an open window meanwhile
 * ({@link ResultRow#isEarly()}).
 * <p>
 * Thread-safe: the job thread writes and any thread may query; both take the view's lock (once per emission,
 * never per event).
 * <p>
 * In a checkpointed job the view is rebuilt from the checkpoint (which holds its whole content) plus the replay
 * after it: a replayed result overwrites the same (window, key) with the same value. Its snapshot grows with the
 * rows it holds: {@link #evictBefore} bounds both.
 */
public final class LatestResultView implements TransactionalSink
{
    private ResultSchema schema;
    private final Long2ObjectHashMap<Long2ObjectHashMap<Latest>> windows = new Long2ObjectHashMap<>();
    private int size;
    private long emissions;
    private long updates;

    public synchronized void onResult(final WindowResult result)
    {
        if (null == schema)
        {
            schema = result.schema();
        }
        Long2ObjectHashMap<Latest> keys = windows.get(result.windowStart());
        if (null == keys)
        {
            keys = new Long2ObjectHashMap<>();
            windows.put(result.windowStart(), keys);
        }
        final Latest latest = keys.get(result.key());
        if (null == latest)
        {
            keys.put(result.key(), new Latest(result));
            size++;
        }
        else
        {
            // overwritten in place: with an early result after every event, a row per emission was most of the
            // garbage a STREAMING job made (123 bytes an event of orders-5m)
            latest.set(result);
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
        final Long2ObjectHashMap<Latest> keys = windows.get(windowStart);
        final Latest latest = null == keys ? null : keys.get(key);
        return null == latest ? null : latest.toRow(windowStart, key);
    }

    /**
     * @param windowStart window start.
     * @param key         the user's key of a pipeline keyed by a value type (or a Long for a primitive key).
     * @return the latest result of (window, key), or null if none was emitted.
     */
    public synchronized ResultRow get(final long windowStart, final Object key)
    {
        return null == schema ? null : get(windowStart, schema.keyFormat().idOf(key));
    }

    /**
     * @param windowStart a window start.
     * @return that window's latest rows, sorted by key (by key id for a pipeline keyed by a value type).
     */
    public synchronized List<ResultRow> window(final long windowStart)
    {
        final List<ResultRow> rows = new ArrayList<>();
        final Long2ObjectHashMap<Latest> keys = windows.get(windowStart);
        if (null != keys)
        {
            for (final long key : sortedKeys(keys))
            {
                rows.add(keys.get(key).toRow(windowStart, key));
            }
        }
        return rows;
    }

    /**
     * @return every latest row, sorted by (window start, key).
     */
    public synchronized List<ResultRow> rows()
    {
        // primitive sorts of the window starts, then of each window's keys: a comparator sort of the rows, which
        // the maps hand out in hash order, took most of the time of reading a 10M-event run's 274k rows
        final List<ResultRow> rows = new ArrayList<>(size);
        final long[] starts = sortedKeys(windows);
        for (final long start : starts)
        {
            final Long2ObjectHashMap<Latest> keys = windows.get(start);
            for (final long key : sortedKeys(keys))
            {
                rows.add(keys.get(key).toRow(start, key));
            }
        }
        return rows;
    }

    private static long[] sortedKeys(final Long2ObjectHashMap<?> map)
    {
        final long[] keys = new long[map.size()];
        final Long2ObjectHashMap<?>.KeyIterator it = map.keySet().iterator();
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = it.nextLong();
        }
        Arrays.sort(keys);
        return keys;
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
        final Long2ObjectHashMap<Long2ObjectHashMap<Latest>>.KeyIterator it = windows.keySet().iterator();
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

    /**
     * @return false: a job without checkpoints adds to the view and leaves what other jobs put there.
     */
    public boolean startsFreshWithEachJob()
    {
        return false;
    }

    public synchronized void init(final ResultSchema schema)
    {
        this.schema = schema;
    }

    /**
     * Replace the content with the checkpointed one, or clear it on a fresh start.
     */
    public synchronized void restore(final dev.sluice.core.checkpoint.StateInput mark)
    {
        clear();
        if (null == mark)
        {
            return;
        }
        if (null == schema)
        {
            throw new IllegalStateException("init(schema) must come before restore");
        }
        emissions = mark.getLong();
        updates = mark.getLong();
        final int fields = schema.fieldCount();
        @SuppressWarnings("unchecked")
        final dev.sluice.core.function.KeyType<Object> keyType =
            (dev.sluice.core.function.KeyType<Object>)schema.keyFormat().keyType();
        final int rows = mark.getCount("rows of the latest-result view", 25 + 8 * fields);
        for (int r = 0; r < rows; r++)
        {
            final long windowStart = mark.getLong();
            final long windowEnd = mark.getLong();
            final long key = mark.getLong();
            // 0 first result, 1 update, 2 early result (an update too)
            final byte flags = mark.getByte();
            final boolean update = flags != 0;
            final boolean early = flags == 2;
            final long[] values = new long[fields];
            for (int f = 0; f < fields; f++)
            {
                values[f] = mark.getLong();
            }
            final Object keyValue = null == keyType ? null : keyType.parse(mark.getString());
            Long2ObjectHashMap<Latest> keys = windows.get(windowStart);
            if (null == keys)
            {
                keys = new Long2ObjectHashMap<>();
                windows.put(windowStart, keys);
            }
            if (null == keys.put(key, new Latest(schema, windowEnd, update, early, values, keyValue)))
            {
                size++;
            }
        }
    }

    /**
     * Writes the whole content: the view is in memory, so the checkpoint is its only durable copy.
     */
    public synchronized void snapshot(final long epoch, final dev.sluice.core.checkpoint.StateOutput mark)
    {
        mark.putLong(emissions).putLong(updates).putInt(size);
        final Long2ObjectHashMap<Long2ObjectHashMap<Latest>>.EntryIterator byWindow = windows.entrySet().iterator();
        while (byWindow.hasNext())
        {
            byWindow.next();
            final long windowStart = byWindow.getLongKey();
            final Long2ObjectHashMap<Latest>.EntryIterator byKey = byWindow.getValue().entrySet().iterator();
            while (byKey.hasNext())
            {
                byKey.next();
                final Latest row = byKey.getValue();
                mark.putLong(windowStart).putLong(row.windowEnd).putLong(byKey.getLongKey())
                    .putByte(row.early ? (byte)2 : row.update ? (byte)1 : (byte)0);
                for (final long value : row.values)
                {
                    mark.putLong(value);
                }
                if (null != row.schema.keyFormat().keyType())
                {
                    mark.putString(row.schema.keyFormat().format(row.keyValue));
                }
            }
        }
    }

    public void commit(final long epoch)
    {
        // in memory: results are visible as they arrive and replays overwrite them with the same values
    }

    public void close()
    {
    }

    /**
     * The latest result of one (window, key), overwritten in place by the next one under the view's lock: the writer
     * allocates only for a (window, key) it has not seen, and a query copies it into an immutable {@link ResultRow}.
     */
    private static final class Latest
    {
        private final ResultSchema schema;
        private final long[] values;
        private long windowEnd;
        private boolean update;
        private boolean early;
        private Object keyValue;

        Latest(final WindowResult result)
        {
            this.schema = result.schema();
            this.values = new long[schema.fieldCount()];
            set(result);
        }

        Latest(
            final ResultSchema schema, final long windowEnd, final boolean update, final boolean early,
            final long[] values, final Object keyValue)
        {
            this.schema = schema;
            this.values = values;
            this.windowEnd = windowEnd;
            this.update = update;
            this.early = early;
            this.keyValue = keyValue;
        }

        void set(final WindowResult result)
        {
            windowEnd = result.windowEnd();
            update = result.isUpdate();
            early = result.isEarly();
            keyValue = result.keyValueOrNull();
            result.copyRawBitsTo(values);
        }

        ResultRow toRow(final long windowStart, final long key)
        {
            return new ResultRow(schema, windowStart, windowEnd, key, update, early, values.clone(), keyValue);
        }
    }
}
