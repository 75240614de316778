package dev.sluice.log;

/**
 * How keys are spread over partitions and workers: a key's 64-bit hash falls into one of a fixed number of key
 * groups, and the key groups are cut into contiguous ranges, one per owner (a partition of a
 * {@link PartitionedLog}, or a worker of a parallel job), as Flink's maximum parallelism does:
 *
 * <pre>
 *   key hash --mix--> key group g in [0, keyGroups)      (fixed for the life of the data)
 *   g ------------->  owner  g * owners / keyGroups       (contiguous ranges: owner o holds
 *                                                          [firstKeyGroup(o), firstKeyGroup(o + 1)))
 * </pre>
 *
 * A log of N partitions and a job of P workers over the same key groups line up when N is a multiple of P: every
 * key group of a partition then belongs to one worker, so that worker can read the partition without sending any
 * of its records elsewhere. The number of key groups bounds both N and P. Stateless; any thread.
 */
public final class KeyGroups
{
    /** The key groups of a partitioned log or a job that does not choose: parallelism up to 128. */
    public static final int DEFAULT_KEY_GROUPS = 128;
    /** Most key groups: a job's state is split no finer than this. */
    public static final int MAX_KEY_GROUPS = 1 << 15;

    private KeyGroups()
    {
    }

    /**
     * @param keyHash   a key's stable 64-bit hash (a long key itself, or its id).
     * @param keyGroups key groups, 1 to {@link #MAX_KEY_GROUPS}.
     * @return its key group, in {@code [0, keyGroups)}.
     */
    public static int keyGroupOf(final long keyHash, final int keyGroups)
    {
        // the high 32 bits of a well-mixed hash, scaled into range by a multiply: no division per event
        return (int)(((mix(keyHash) >>> 32) * keyGroups) >>> 32);
    }

    /**
     * @param keyGroup  a key group.
     * @param keyGroups key groups.
     * @param owners    owners sharing them, 1 to {@code keyGroups}.
     * @return the owner of {@code keyGroup}, in {@code [0, owners)}.
     */
    public static int ownerOf(final int keyGroup, final int keyGroups, final int owners)
    {
        return (int)((long)keyGroup * owners / keyGroups);
    }

    /**
     * @param keyHash   a key's 64-bit hash.
     * @param keyGroups key groups.
     * @param owners    owners sharing them.
     * @return the owner of the key.
     */
    public static int ownerOfKey(final long keyHash, final int keyGroups, final int owners)
    {
        return ownerOf(keyGroupOf(keyHash, keyGroups), keyGroups, owners);
    }

    /**
     * @param owner     an owner, 0 to {@code owners} (the first key group past the last owner's is
     *                  {@code keyGroups}).
     * @param keyGroups key groups.
     * @param owners    owners sharing them.
     * @return the first key group of {@code owner}'s range.
     */
    public static int firstKeyGroupOf(final int owner, final int keyGroups, final int owners)
    {
        // the smallest g with g * owners / keyGroups >= owner
        return (int)(((long)owner * keyGroups + owners - 1) / owners);
    }

    /**
     * @throws IllegalArgumentException unless {@code 1 <= owners <= keyGroups <= MAX_KEY_GROUPS}.
     */
    public static void check(final int keyGroups, final int owners, final String what)
    {
        if (keyGroups < 1 || keyGroups > MAX_KEY_GROUPS)
        {
            throw new IllegalArgumentException("key groups " + keyGroups + " is outside 1.." + MAX_KEY_GROUPS +
                "; the default is " + DEFAULT_KEY_GROUPS);
        }
        if (owners < 1 || owners > keyGroups)
        {
            throw new IllegalArgumentException(what + " " + owners + " is outside 1.." + keyGroups + ": each of them" +
                " owns at least one of the " + keyGroups + " key groups; use at most " + keyGroups + " or more key" +
                " groups");
        }
    }

    /**
     * The finalizer of MurmurHash3: every bit of the key moves about half the bits of the result, so that keys
     * that differ only in low bits (packed ids, counters) spread over every key group.
     */
    static long mix(final long keyHash)
    {
        long h = keyHash;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
