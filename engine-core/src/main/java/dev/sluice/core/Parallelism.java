package dev.sluice.core;

import dev.sluice.log.KeyGroups;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.Supplier;

/**
 * How a {@link ParallelJob} spreads a pipeline over threads: the number of workers, the key groups their key ranges
 * are cut from, and the sizes of the queues between them. Mutable builder-style setters returning {@code this}; a job
 * copies what it needs when created.
 * <p>
 * Key groups: every key falls into one of a fixed number of key groups ({@link KeyGroups}), and each worker owns a
 * contiguous range of them, as Flink's maximum parallelism does. They bound the parallelism, and a job over a
 * {@link dev.sluice.log.PartitionedLog} routed by the same key groups reads each partition on the worker that owns
 * its keys, sending nothing between workers, when the partition count is a multiple of the parallelism. A checkpoint
 * restores at any other parallelism: each worker takes its keys from every part.
 */
public final class Parallelism
{
    /** Most workers: a record's destinations are one bit each of a long. */
    public static final int MAX_WORKERS = 64;
    private static final int MIN_QUEUE_BYTES = 64 << 10;
    private static final int MAX_DEFAULT_QUEUE_BYTES = 1 << 20;
    private static final long QUEUE_BUDGET_BYTES = 64L << 20;

    private final int workers;
    private int keyGroups;
    private int exchangeQueueBytes;
    private int resultQueueBytes = 1 << 20;
    private Supplier<IdleStrategy> idleStrategy = BackoffIdleStrategy::new;

    private Parallelism(final int workers)
    {
        this.workers = workers;
    }

    /**
     * @param workers worker threads, 1 to {@link #MAX_WORKERS}.
     * @return a configuration: key groups those of a partitioned source routed by key, else
     * {@link KeyGroups#DEFAULT_KEY_GROUPS}.
     */
    public static Parallelism of(final int workers)
    {
        if (workers < 1 || workers > MAX_WORKERS)
        {
            throw new IllegalArgumentException("parallelism " + workers + " is outside 1.." + MAX_WORKERS);
        }
        return new Parallelism(workers);
    }

    /**
     * @param keyGroups the key groups, at least the parallelism; 0 for those of a partitioned source routed by key,
     *                  else {@link KeyGroups#DEFAULT_KEY_GROUPS}.
     * @return this.
     */
    public Parallelism keyGroups(final int keyGroups)
    {
        if (keyGroups != 0)
        {
            KeyGroups.check(keyGroups, workers, "parallelism");
        }
        this.keyGroups = keyGroups;
        return this;
    }

    /**
     * @param bytes capacity of each queue between two workers, a power of two; its largest message (a record and 32
     *              bytes) is an eighth of it. 0 for the default: 64 MiB over the P * (P - 1) queues, each from 64 KiB
     *              to 1 MiB.
     * @return this.
     */
    public Parallelism exchangeQueueBytes(final int bytes)
    {
        this.exchangeQueueBytes = checkedQueueBytes(bytes, "exchangeQueueBytes");
        return this;
    }

    /**
     * @param bytes capacity of each worker's queue of results to the sink thread, a power of two.
     * @return this.
     */
    public Parallelism resultQueueBytes(final int bytes)
    {
        this.resultQueueBytes = checkedQueueBytes(bytes, "resultQueueBytes");
        return this;
    }

    /**
     * @param idleStrategy makes each worker's idle strategy (one each: they are not thread-safe).
     * @return this.
     */
    public Parallelism idleStrategy(final Supplier<IdleStrategy> idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    public int workers()
    {
        return workers;
    }

    /**
     * @return the key groups asked for, or 0 for the source's or the default.
     */
    public int keyGroups()
    {
        return keyGroups;
    }

    /**
     * @return the capacity of each queue between two workers.
     */
    public int exchangeQueueBytes()
    {
        if (exchangeQueueBytes > 0)
        {
            return exchangeQueueBytes;
        }
        final long share = QUEUE_BUDGET_BYTES / Math.max(1, (long)workers * (workers - 1));
        return Integer.highestOneBit((int)Math.max(MIN_QUEUE_BYTES, Math.min(MAX_DEFAULT_QUEUE_BYTES, share)));
    }

    public int resultQueueBytes()
    {
        return resultQueueBytes;
    }

    public Supplier<IdleStrategy> idleStrategy()
    {
        return idleStrategy;
    }

    public String toString()
    {
        return "Parallelism{workers=" + workers + ", keyGroups=" + (keyGroups == 0 ? "source's or default" : keyGroups) +
            ", exchangeQueueBytes=" + exchangeQueueBytes() + ", resultQueueBytes=" + resultQueueBytes + '}';
    }

    private static int checkedQueueBytes(final int bytes, final String what)
    {
        if (bytes != 0 && (bytes < 1024 || Integer.bitCount(bytes) != 1))
        {
            throw new IllegalArgumentException(what + " " + bytes + " is not a power of two of at least 1024");
        }
        return bytes;
    }
}
