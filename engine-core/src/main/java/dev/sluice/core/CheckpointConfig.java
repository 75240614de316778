package dev.sluice.core;

import dev.sluice.core.internal.CheckpointStore;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * When and where a job checkpoints, and under which identity. Set on {@link ExecutionConfig#checkpointing}.
 * <p>
 * A checkpoint is taken at an event boundary: in STREAMING after the event that makes {@link #everyRecords}
 * records since the last one (the poll is cut there, so the count is exact), or at the first duty cycle after
 * {@link #everyInterval} of processing time (the injectable {@link ExecutionConfig#nanoClock}); in MICRO_BATCH at
 * the end of the first micro-batch at which either is due (every micro-batch when neither is set); in every mode
 * at the end of the input, and on demand ({@link Job#checkpoint()}, {@link Job#requestCheckpoint()}). BATCH
 * scans in bulk and checkpoints only at its end.
 * <p>
 * The identity is the user's {@link #name} and {@link #version} plus a fingerprint the pipeline derives from its
 * state layout (window, key format, aggregations, lateness, watermark): a checkpoint is restored only into a
 * pipeline of the same identity. Mutable builder; a job copies what it needs when created.
 */
public final class CheckpointConfig
{
    private final Path directory;
    private String name = "pipeline";
    private int version = 1;
    private boolean identitySet;
    private long everyRecords;
    private long intervalNs;
    private int retain = 3;
    private int tolerableFailures;
    private DeliveryGuarantee guarantee = DeliveryGuarantee.EXACTLY_ONCE;
    private CheckpointListener listener = CheckpointListener.NONE;

    private CheckpointConfig(final Path directory)
    {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * @param directory where checkpoint files go (created if needed); one pipeline per directory.
     * @return a configuration that checkpoints only at the end of input and on demand until told more.
     */
    public static CheckpointConfig in(final Path directory)
    {
        return new CheckpointConfig(directory);
    }

    /**
     * Without it, a job checkpoints under its pipeline's own name and version ({@code PipelineBuilder.named}).
     *
     * @param name    the pipeline's name, e.g. "orders-5m" (1 to 255 UTF-8 bytes).
     * @param version raise it when the pipeline's logic changes in a way its state layout does not show.
     * @return this.
     */
    public CheckpointConfig identity(final String name, final int version)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.version = version;
        this.identitySet = true;
        return this;
    }

    /**
     * @param records checkpoint after every this many records read; 0 for none by count.
     * @return this.
     */
    public CheckpointConfig everyRecords(final long records)
    {
        if (records < 0)
        {
            throw new IllegalArgumentException("checkpoint every " + records + " records: must be >= 0 (0: not by " +
                "count)");
        }
        this.everyRecords = records;
        return this;
    }

    /**
     * @param interval processing time between checkpoints; 0 for none by time.
     * @param unit     of the interval.
     * @return this.
     */
    public CheckpointConfig everyInterval(final long interval, final TimeUnit unit)
    {
        if (interval < 0)
        {
            throw new IllegalArgumentException("checkpoint interval " + interval + " " + unit + " must be >= 0 " +
                "(0: not by time)");
        }
        this.intervalNs = unit.toNanos(interval);
        return this;
    }

    /**
     * @param retain checkpoint files kept, at least 2 so that a corrupt newest one can be skipped.
     * @return this.
     */
    public CheckpointConfig retain(final int retain)
    {
        if (retain < 2)
        {
            throw new IllegalArgumentException("retain " + retain + " keeps too few checkpoints to fall back from a" +
                " corrupt one; keep at least 2, e.g. 3");
        }
        this.retain = retain;
        return this;
    }

    /**
     * @param failures consecutive checkpoint write failures (full disk, permissions) the job rides through,
     *                 keeping its output uncommitted until a later checkpoint succeeds; 0 (the default) fails the
     *                 job at the first one. The previous checkpoint stays usable either way.
     * @return this.
     */
    public CheckpointConfig tolerableFailures(final int failures)
    {
        if (failures < 0)
        {
            throw new IllegalArgumentException("tolerableFailures " + failures + " must be >= 0");
        }
        this.tolerableFailures = failures;
        return this;
    }

    /**
     * @param guarantee exactly-once (the default) or at-least-once output.
     * @return this.
     */
    public CheckpointConfig guarantee(final DeliveryGuarantee guarantee)
    {
        this.guarantee = Objects.requireNonNull(guarantee, "guarantee");
        return this;
    }

    /**
     * @param listener told of each phase of each checkpoint (metrics, tests).
     * @return this.
     */
    public CheckpointConfig listener(final CheckpointListener listener)
    {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    public Path directory()
    {
        return directory;
    }

    public String name()
    {
        return name;
    }

    /**
     * @return true when {@link #identity} was called; else a job uses its pipeline's name and version.
     */
    boolean identitySet()
    {
        return identitySet;
    }

    public int version()
    {
        return version;
    }

    public long everyRecords()
    {
        return everyRecords;
    }

    public long intervalNs()
    {
        return intervalNs;
    }

    public int retain()
    {
        return retain;
    }

    public int tolerableFailures()
    {
        return tolerableFailures;
    }

    public DeliveryGuarantee guarantee()
    {
        return guarantee;
    }

    public CheckpointListener listener()
    {
        return listener;
    }

    CheckpointStore openStore(final dev.sluice.core.checkpoint.PipelineIdentity identity)
    {
        return CheckpointStore.open(directory, identity, retain);
    }

    public String toString()
    {
        return "CheckpointConfig{" + directory + ", '" + name + "' v" + version + ", everyRecords=" + everyRecords +
            ", intervalNs=" + intervalNs + ", retain=" + retain + ", " + guarantee + '}';
    }
}
