package dev.sluice.core.internal;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.JobFailedException;
import dev.sluice.core.function.KeyType;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.collections.Object2LongHashMap;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The keys of a pipeline keyed by a value type, each under its {@link KeyType#idOf stable 64-bit id}: the window
 * state works on the ids (the long fast path), results and views turn an id back into the user's key. A key seen
 * before costs one {@code hashCode}/{@code equals} lookup and no allocation; a new key costs its text and hash once.
 * <p>
 * Memory: bounded by the keys in open windows. When the dictionary has doubled since it last looked, it asks the
 * window operator which keys still have state ({@link #liveKeysFrom}) and forgets the others; a forgotten key that
 * comes back is simply added again, under the same id. The sweep is O(keys held), once per doubling: amortized
 * O(1) per new key.
 * <pre>
 *   checkpoint: | count (int) | count x key text (length-prefixed UTF-8) |
 * </pre>
 * Not thread-safe: the job's thread.
 *
 * @param <K> the key type.
 */
public final class KeyDictionary<K>
{
    private static final long MISSING = Long.MIN_VALUE;

    private final KeyType<K> type;
    private final Object2LongHashMap<K> ids = new Object2LongHashMap<>(MISSING);
    private final Long2ObjectHashMap<K> keys = new Long2ObjectHashMap<>();
    private final LongHashSet live = new LongHashSet();
    private Consumer<LongConsumer> liveKeys;
    private int sweepAt = MIN_SWEEP;
    private static final int MIN_SWEEP = 1024;

    /**
     * @param type how keys are written and hashed.
     */
    public KeyDictionary(final KeyType<K> type)
    {
        this.type = type;
    }

    /**
     * @param liveKeys tells a consumer every key that still has state (the window operator's
     *                 {@code forEachKey}); without one, the dictionary keeps every key until the job ends.
     */
    public void liveKeysFrom(final Consumer<LongConsumer> liveKeys)
    {
        this.liveKeys = liveKeys;
    }

    /**
     * @param key the user's key of an event (not null).
     * @return its id.
     * @throws JobFailedException for a null key, or two keys with one id (a 64-bit hash collision).
     */
    public long idOf(final K key)
    {
        if (null == key)
        {
            throw new JobFailedException("the key function returned null: give every event a key", -1, null);
        }
        final long known = ids.getValue(key);
        if (known != MISSING)
        {
            return known;
        }
        return add(key);
    }

    private long add(final K key)
    {
        if (keys.size() >= sweepAt && null != liveKeys)
        {
            sweep();
        }
        long id = type.idOf(key);
        if (id == MISSING)
        {
            id = MISSING + 1; // the map's empty marker: one id of 2^64 moves by one
        }
        final K other = keys.get(id);
        if (null != other)
        {
            throw new JobFailedException("keys '" + type.format(other) + "' and '" + type.format(key) + "' have the " +
                "same 64-bit id; their KeyType's text must tell them apart (or, at odds of 1 in 2^64, they collide: " +
                "add a character to the text of one)", -1, null);
        }
        ids.put(key, id);
        keys.put(id, key);
        return id;
    }

    /**
     * Forget the keys no open window holds.
     */
    private void sweep()
    {
        live.clear();
        liveKeys.accept(live::add);
        for (final Long2ObjectHashMap<K>.EntryIterator it = keys.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            if (!live.contains(it.getLongKey()))
            {
                ids.removeKey(it.getValue());
                it.remove();
            }
        }
        sweepAt = Math.max(MIN_SWEEP, keys.size() * 2);
    }

    /**
     * @param id an id {@link #idOf} returned.
     * @return the key, or null for an id it never returned.
     */
    public K keyOf(final long id)
    {
        return keys.get(id);
    }

    /**
     * Adds to {@code other} every key held here whose id {@code keep} accepts (restoring a checkpoint at another
     * parallelism: each worker takes its keys from every old worker's dictionary).
     *
     * @param other a dictionary of the same key type.
     * @param keep  the ids to copy.
     */
    public void copyKeysTo(final KeyDictionary<K> other, final java.util.function.LongPredicate keep)
    {
        for (final Long2ObjectHashMap<K>.EntryIterator it = keys.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            if (keep.test(it.getLongKey()))
            {
                other.idOf(it.getValue());
            }
        }
    }

    /**
     * @return distinct keys held.
     */
    public int size()
    {
        return keys.size();
    }

    public void snapshot(final StateOutput out)
    {
        if (null != liveKeys)
        {
            sweep(); // a checkpoint keeps only the keys it needs
        }
        out.putInt(keys.size());
        for (final K key : keys.values())
        {
            out.putString(type.format(key));
        }
    }

    public void restore(final StateInput in)
    {
        ids.clear();
        keys.clear();
        final int count = in.getCount("keys of the key dictionary", 4);
        for (int i = 0; i < count; i++)
        {
            add(type.parse(in.getString()));
        }
    }
}
