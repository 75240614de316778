package dev.sluice.core;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.TimeUnit;

/**
 * How one job runs: the {@link ExecutionMode}, the micro-batch trigger, the streaming poll size, the idle strategy
 * and the clocks. Mutable builder-style setters returning {@code this}; a job copies what it needs when created.
 * <p>
 * Clocks are injectable: {@link #nanoClock} is processing time (micro-batch intervals, idle timeouts, periodic
 * watermarks) and {@link #epochClock} is the wall clock that latency from a record's append time is measured with.
 * Tests pass Agrona's {@code CachedNanoClock} and move time by hand.
 */
public final class ExecutionConfig
{
    /**
     * The default {@link #batchStateBound}: 1M (window, key) slots, or 3M values held by a distinct count. On
     * orders-5m that kept a BATCH job over 100M events within {@code -Xmx128m} (live heap under 60 MiB).
     */
    public static final int DEFAULT_BATCH_STATE_BOUND = 1 << 20;

    private final ExecutionMode mode;
    private int batchStateBound = DEFAULT_BATCH_STATE_BOUND;
    private int maxRecordsPerBatch;
    private long triggerIntervalNs;
    private boolean availableNow;
    private int pollLimit = 256;
    private IdleStrategy idleStrategy = new BackoffIdleStrategy();
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private EpochNanoClock epochClock = new SystemEpochNanoClock();
    private CheckpointConfig checkpointing;

    private ExecutionConfig(final ExecutionMode mode)
    {
        this.mode = mode;
    }

    /**
     * @return a BATCH run over a bounded range (an unbounded source is bounded at its tail when the job starts).
     */
    public static ExecutionConfig batch()
    {
        return new ExecutionConfig(ExecutionMode.BATCH);
    }

    /**
     * @return a MICRO_BATCH run; by default each trigger takes everything new, with no interval.
     */
    public static ExecutionConfig microBatch()
    {
        return new ExecutionConfig(ExecutionMode.MICRO_BATCH);
    }

    /**
     * @return a STREAMING run, watermark after every event.
     */
    public static ExecutionConfig streaming()
    {
        return new ExecutionConfig(ExecutionMode.STREAMING);
    }

    /**
     * @param mode the mode.
     * @return the default configuration of that mode.
     */
    public static ExecutionConfig of(final ExecutionMode mode)
    {
        return new ExecutionConfig(mode);
    }

    /**
     * @param maxRecords most records per micro-batch; 0 for no limit (everything available).
     * @return this.
     */
    public ExecutionConfig maxRecordsPerBatch(final int maxRecords)
    {
        if (maxRecords < 0)
        {
            throw new IllegalArgumentException("maxRecordsPerBatch=" + maxRecords + " must be >= 0 (0: no limit)");
        }
        this.maxRecordsPerBatch = maxRecords;
        return this;
    }

    /**
     * The most state a BATCH job on one thread holds before it fires, in bulk, the windows the watermark has passed
     * (end + allowed lateness), as MICRO_BATCH would: once more than {@code slots} (window, key) slots are open, or
     * a distinct count holds more than {@code 3 * slots} (slot, value) pairs (its buffer grows by doubling: 3M pairs
     * stay in a buffer of 4M), every such window is emitted (in start
     * order, keys ascending, as at the end) and freed, so the state is bounded by the windows the watermark leaves
     * open, not by the range. Until then nothing is late in BATCH; after it, an event for a window already freed is
     * late exactly as in the streaming modes (counted, given to the side output, left out). A firing waits until the
     * oldest window has passed, and the next one until the state is twice what the last one left (at least the
     * bound), so each read of the state is paid for by the state added since: the state stays under the larger of
     * the bound and twice what the watermark holds open (a window and what arrives within the watermark's delay).
     * Without a watermark ({@code WatermarkStrategy.none()}), in a global window, with sessions and in parallel
     * jobs nothing fires before the end: those BATCH jobs hold their whole range.
     *
     * @param slots the bound, &gt; 0, or 0 to hold every window until the end of the range (nothing is ever late;
     *              memory grows with the range); {@link #DEFAULT_BATCH_STATE_BOUND} by default.
     * @return this.
     */
    public ExecutionConfig batchStateBound(final int slots)
    {
        if (slots < 0)
        {
            throw new IllegalArgumentException("batchStateBound=" + slots + " must be >= 0 (0: no bound)");
        }
        this.batchStateBound = slots;
        return this;
    }

    /**
     * @return the (window, key) slots a BATCH job holds before firing the windows the watermark has passed; 0 for
     * no bound. See {@link #batchStateBound(int)}.
     */
    public int batchStateBound()
    {
        return batchStateBound;
    }

    /**
     * @param interval processing time between micro-batch triggers; 0 to trigger as soon as the last one is done.
     * @param unit     of the interval.
     * @return this.
     */
    public ExecutionConfig triggerInterval(final long interval, final TimeUnit unit)
    {
        if (interval < 0)
        {
            throw new IllegalArgumentException("trigger interval " + interval + " " + unit + " must be >= 0");
        }
        this.triggerIntervalNs = unit.toNanos(interval);
        return this;
    }

    /**
     * Available-now: process what the source holds when the job starts, in micro-batches, then stop
     * (the source is bounded at its tail at start).
     *
     * @param availableNow true for an available-now run.
     * @return this.
     */
    public ExecutionConfig availableNow(final boolean availableNow)
    {
        this.availableNow = availableNow;
        return this;
    }

    /**
     * @param pollLimit most records taken from the source per duty cycle in STREAMING mode (the watermark still
     *                  advances after every record); &gt; 0.
     * @return this.
     */
    public ExecutionConfig pollLimit(final int pollLimit)
    {
        if (pollLimit <= 0)
        {
            throw new IllegalArgumentException("pollLimit=" + pollLimit + " must be > 0");
        }
        this.pollLimit = pollLimit;
        return this;
    }

    /**
     * @param idleStrategy what the job thread does when a duty cycle found no work: e.g. Agrona's
     *                     {@code BusySpinIdleStrategy} (lowest latency, burns a core), {@code YieldingIdleStrategy},
     *                     {@code BackoffIdleStrategy} (the default).
     * @return this.
     */
    public ExecutionConfig idleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /**
     * @param nanoClock processing-time clock.
     * @return this.
     */
    public ExecutionConfig nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    /**
     * @param epochClock wall clock used for latency from append time.
     * @return this.
     */
    public ExecutionConfig epochClock(final EpochNanoClock epochClock)
    {
        this.epochClock = epochClock;
        return this;
    }

    /**
     * @param checkpointing when and where to checkpoint; null (the default) for no checkpoints. A job with
     *                      checkpoints restores the newest valid one in its directory when it is created.
     * @return this.
     */
    public ExecutionConfig checkpointing(final CheckpointConfig checkpointing)
    {
        this.checkpointing = checkpointing;
        return this;
    }

    /**
     * @return the checkpoint configuration, or null for none.
     */
    public CheckpointConfig checkpointing()
    {
        return checkpointing;
    }

    public ExecutionMode mode()
    {
        return mode;
    }

    public int maxRecordsPerBatch()
    {
        return maxRecordsPerBatch;
    }

    public long triggerIntervalNs()
    {
        return triggerIntervalNs;
    }

    public boolean availableNow()
    {
        return availableNow;
    }

    public int pollLimit()
    {
        return pollLimit;
    }

    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    public EpochNanoClock epochClock()
    {
        return epochClock;
    }

    public String toString()
    {
        return "ExecutionConfig{" + mode + ", maxRecordsPerBatch=" + maxRecordsPerBatch + ", triggerIntervalNs=" +
            triggerIntervalNs + ", availableNow=" + availableNow + ", pollLimit=" + pollLimit + ", idleStrategy=" +
            idleStrategy.alias() +
            (mode == ExecutionMode.BATCH ? ", batchStateBound=" + batchStateBound : "") +
            (null == checkpointing ? "" : ", " + checkpointing) + '}';
    }
}
