package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.CorruptCheckpointException;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.KeyType;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * A queryable view of the latest result per (window, key) that keeps the accumulators, not only the numbers, so that
 * views of the same pipeline over different parts of a log can be merged into one answer with each aggregation's
 * merge: counts and sums add, exact distinct sets union, quantile sketches merge, a user's aggregation merges as its
 * function says ({@link MergedResultView}). A mean, a distinct count or a median cannot be merged from their
 * numbers; their accumulators can. This is what the serving layer of a {@code LambdaJob} merges its batch view and
 * its speed view with.
 * <p>
 * Each (window, key) holds its accumulators as a checkpoint writes them (every aggregation's
 * {@code AggregateColumn.snapshot}, in schema order): a later result of the same (window, key) replaces them, as an
 * update replaces a row in {@link LatestResultView}. A query reads them back into fresh accumulators, so nothing a
 * reader does touches the job's state.
 * <p>
 * Thread-safe: the job thread writes (one job at a time), any thread queries; both take the view's lock, once per
 * result and once per query, which copies the bytes it needs out and reads them back after releasing it. A view made
 * with {@link #MergeableResultView()} shows each result as it arrives; one made with {@link #visibleAtFlush()} keeps
 * them back until the job flushes its sinks (or {@link #flush()} is called), and then shows them all at once, so
 * that a reader sees the view as of those points only: every (window, key) as of the same record.
 * <p>
 * A transactional sink like {@link LatestResultView}: a checkpoint holds the whole view, and a restored job rebuilds
 * it from there plus the replay, which writes the same accumulators again.
 */
public final class MergeableResultView implements TransactionalSink
{
    private final Long2ObjectHashMap<Long2ObjectHashMap<Entry>> windows = new Long2ObjectHashMap<>();
    /** Results received since the last flush, for a view visible at flush; null for a view visible at once. */
    private final Long2ObjectHashMap<Long2ObjectHashMap<Entry>> staged;
    /** The job thread's: the accumulators of the result being written, before the lock is taken. */
    private final StateOutput written = new StateOutput(256);
    private ResultSchema schema;
    private int size;
    private long emissions;
    /** This view read alone, for its own queries. */
    private final MergedResultView alone = new MergedResultView(List.of(this));

    /**
     * A view that shows each result as it arrives.
     */
    public MergeableResultView()
    {
        this(false);
    }

    private MergeableResultView(final boolean visibleAtFlush)
    {
        staged = visibleAtFlush ? new Long2ObjectHashMap<>() : null;
    }

    /**
     * @return a view that shows the results it receives only when its job flushes its sinks (the end of a
     * micro-batch, a checkpoint, the end of the input) or {@link #flush()} is called, all at once.
     */
    public static MergeableResultView visibleAtFlush()
    {
        return new MergeableResultView(true);
    }

    /** One (window, key): its window's end, the user's key (value-keyed pipelines) and its accumulators' bytes. */
    static final class Entry
    {
        final long windowStart;
        final long key;
        final Object keyValue;
        long windowEnd;
        byte[] state = new byte[0];
        int length;

        Entry(final long windowStart, final long key, final Object keyValue)
        {
            this.windowStart = windowStart;
            this.key = key;
            this.keyValue = keyValue;
        }

        Entry copy()
        {
            final Entry copy = new Entry(windowStart, key, keyValue);
            copy.windowEnd = windowEnd;
            copy.state = java.util.Arrays.copyOf(state, length);
            copy.length = length;
            return copy;
        }

        void set(final org.agrona.DirectBuffer bytes, final int length)
        {
            if (state.length < length)
            {
                state = new byte[length];
            }
            bytes.getBytes(0, state, 0, length);
            this.length = length;
        }
    }

    public void onResult(final WindowResult result)
    {
        written.reset();
        result.snapshotState(written);
        final boolean valueKeyed = null != result.schema().keyFormat().keyType();
        synchronized (this)
        {
            if (null == schema)
            {
                schema = result.schema();
            }
            final Long2ObjectHashMap<Entry> keys = keysOf(null == staged ? windows : staged, result.windowStart());
            Entry entry = keys.get(result.key());
            if (null == entry)
            {
                entry = new Entry(result.windowStart(), result.key(), valueKeyed ? result.keyValue() : null);
                keys.put(result.key(), entry);
                if (null == staged)
                {
                    size++;
                }
            }
            entry.windowEnd = result.windowEnd();
            entry.set(written.buffer(), written.length());
            emissions++;
        }
    }

    private static Long2ObjectHashMap<Entry> keysOf(
        final Long2ObjectHashMap<Long2ObjectHashMap<Entry>> windows, final long windowStart)
    {
        Long2ObjectHashMap<Entry> keys = windows.get(windowStart);
        if (null == keys)
        {
            keys = new Long2ObjectHashMap<>();
            windows.put(windowStart, keys);
        }
        return keys;
    }

    /**
     * Show the results received since the last flush, all at once (nothing to do for a view visible at once).
     */
    public synchronized void flush()
    {
        if (null == staged || staged.isEmpty())
        {
            return;
        }
        for (final Long2ObjectHashMap<Entry> stagedKeys : staged.values())
        {
            for (final Entry entry : stagedKeys.values())
            {
                if (null == keysOf(windows, entry.windowStart).put(entry.key, entry))
                {
                    size++;
                }
            }
        }
        staged.clear();
    }

    /**
     * @param windowStart a window's start.
     * @param key         the key (its id for a value-keyed pipeline).
     * @return the latest result of (window, key), or null when none was written.
     */
    public ResultRow get(final long windowStart, final long key)
    {
        return alone.get(windowStart, key);
    }

    /**
     * @param windowStart a window's start.
     * @param key         the user's key of a value-keyed pipeline (a Long for a primitive key).
     * @return the latest result of (window, key), or null when none was written.
     */
    public ResultRow get(final long windowStart, final Object key)
    {
        return alone.get(windowStart, key);
    }

    /**
     * @return every latest result, sorted by (window start, key id).
     */
    public List<ResultRow> rows()
    {
        return alone.rows();
    }

    /**
     * @return the number of (window, key)s held.
     */
    public synchronized int size()
    {
        return size;
    }

    /**
     * @return results written, updates included.
     */
    public synchronized long emissions()
    {
        return emissions;
    }

    /**
     * @return the schema of the results written, or null before the first (or before {@link #init}).
     */
    public synchronized ResultSchema schema()
    {
        return schema;
    }

    public synchronized void clear()
    {
        windows.clear();
        if (null != staged)
        {
            staged.clear();
        }
        size = 0;
        emissions = 0;
    }

    public synchronized void init(final ResultSchema schema)
    {
        this.schema = schema;
    }

    /**
     * @return false: like {@link LatestResultView}, a view gathers what the jobs writing it emit; a job without
     * checkpoints leaves what it holds.
     */
    public boolean startsFreshWithEachJob()
    {
        return false;
    }

    /**
     * @return a copy of (window, key)'s entry, or null when this view has none. Any thread.
     */
    synchronized Entry copy(final long windowStart, final long key)
    {
        final Long2ObjectHashMap<Entry> keys = windows.get(windowStart);
        final Entry entry = null == keys ? null : keys.get(key);
        return null == entry ? null : entry.copy();
    }

    /**
     * Copy into {@code into} the entry of {@code key} in every window within [fromMs, toMs). Any thread.
     */
    synchronized void copyRange(final long key, final long fromMs, final long toMs, final List<Entry> into)
    {
        final Long2ObjectHashMap<Long2ObjectHashMap<Entry>>.KeyIterator it = windows.keySet().iterator();
        while (it.hasNext())
        {
            final long start = it.nextLong();
            final Entry entry = windows.get(start).get(key);
            if (null != entry && start >= fromMs && entry.windowEnd <= toMs)
            {
                into.add(entry.copy());
            }
        }
    }

    /**
     * Copy every entry into {@code into}. Any thread.
     */
    synchronized void copyAll(final List<Entry> into)
    {
        for (final Long2ObjectHashMap<Entry> keys : windows.values())
        {
            for (final Entry entry : keys.values())
            {
                into.add(entry.copy());
            }
        }
    }

    /**
     * Replace the content with the checkpointed one, or clear it on a fresh start. Every state is read back once, so
     * a checkpoint that does not hold what this pipeline's aggregations write is refused here, naming its file.
     */
    public synchronized void restore(final StateInput mark)
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
        @SuppressWarnings("unchecked")
        final KeyType<Object> keyType = (KeyType<Object>)schema.keyFormat().keyType();
        final Accumulators check = new Accumulators(schema);
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(256);
        final int entries = mark.getCount("(window, key)s of the mergeable view", 3 * Long.BYTES + Integer.BYTES);
        for (int i = 0; i < entries; i++)
        {
            final long windowStart = mark.getLong();
            final long windowEnd = mark.getLong();
            final long key = mark.getLong();
            final Object keyValue = null == keyType ? null : keyType.parse(mark.getString());
            final int length = mark.getBytes(bytes);
            final Entry entry = new Entry(windowStart, key, keyValue);
            entry.windowEnd = windowEnd;
            entry.set(bytes, length);
            try
            {
                check.clear();
                check.merge(entry);
            }
            catch (final RuntimeException ex)
            {
                throw new CorruptCheckpointException(mark.file(), "the accumulators of window " + windowStart +
                    ", key " + key + " in the mergeable view do not read back into " + schema + ": " +
                    ex.getMessage());
            }
            if (null == keysOf(windows, windowStart).put(key, entry))
            {
                size++;
            }
        }
    }

    /**
     * Writes the whole content, results not yet flushed included (they are shown first): the view is in memory, so
     * the checkpoint is its only durable copy.
     */
    public synchronized void snapshot(final long epoch, final StateOutput mark)
    {
        flush();
        mark.putLong(emissions).putInt(size);
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[0]);
        for (final Long2ObjectHashMap<Entry> keys : windows.values())
        {
            for (final Entry entry : keys.values())
            {
                mark.putLong(entry.windowStart).putLong(entry.windowEnd).putLong(entry.key);
                if (null != schema.keyFormat().keyType())
                {
                    mark.putString(schema.keyFormat().format(entry.keyValue));
                }
                bytes.wrap(entry.state, 0, entry.length);
                mark.putBytes(bytes, 0, entry.length);
            }
        }
    }

    public void commit(final long epoch)
    {
        // in memory: results are visible as they arrive and replays write the same accumulators again
    }

    public void close()
    {
    }
}
