package dev.sluice.core;

import dev.sluice.core.checkpoint.CheckpointException;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.internal.Checkpoint;
import dev.sluice.core.internal.CheckpointStore;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.EventSink;
import dev.sluice.core.sink.Transactional;
import dev.sluice.core.sink.TransactionalSink;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's checkpoint driver: restores the newest valid checkpoint into a fresh job, keeps the schedule (every N
 * records, every interval, on request), and takes checkpoints when the job asks. One checkpoint, in order:
 * <ol>
 *   <li>the job writes its state into the body (source position, counters, watermark, operator state);</li>
 *   <li>each {@link Transactional} sink (of results or events) pre-commits its epoch (= the checkpoint id) and appends its commit mark in a
 *       section of its own; plain sinks are flushed;</li>
 *   <li>the body goes to the {@link CheckpointStore}: temporary file, force, atomic rename;</li>
 *   <li>each transactional sink commits the epoch.</li>
 * </ol>
 * A kill before step 3's rename leaves the previous checkpoint the newest: the restore drops what the sinks
 * wrote after it, and the replay writes it again, identically. A kill after it leaves the new checkpoint, whose
 * marks let each sink finish the interrupted commit. Not thread-safe: the job thread, but for {@link #request()}.
 */
final class JobCheckpoints
{
    private static final System.Logger LOGGER = System.getLogger(JobCheckpoints.class.getName());

    private final CheckpointConfig config;
    private final CheckpointStore store;
    private final Pipeline pipeline;
    private final EpochNanoClock epochClock;
    private final Transactional[] transactional;
    private final ResultSink allSinks;
    private final CheckpointListener listener;
    private final StateOutput body = new StateOutput(1 << 20);
    private final boolean everyMicroBatch;
    private final long intervalNs;

    // the schedule: the next checkpoint is due at this record count, after this interval, or on request
    private long nextRecords = Long.MAX_VALUE;
    private long lastNs = Long.MIN_VALUE;
    private long recordsAtLast = -1;
    private long resultsAtLast = -1;
    private volatile boolean requested;

    private long lastId;
    private long restoredFromId;
    private List<String> restoreWarnings = List.of();
    private long taken;
    private long failed;
    private int consecutiveFailures;
    private long lastBytes;
    private long lastDurationNs;
    private long maxNs;
    private long totalNs;

    JobCheckpoints(
        final Pipeline pipeline,
        final ResultSink allSinks,
        final CheckpointConfig config,
        final EpochNanoClock epochClock)
    {
        this(pipeline, allSinks, config, epochClock, identityOf(pipeline, config));
    }

    /**
     * @return what a job's checkpoints are of: the configured name and version when set, else the pipeline's own.
     */
    static dev.sluice.core.checkpoint.PipelineIdentity identityOf(final Pipeline pipeline, final CheckpointConfig config)
    {
        return config.identitySet() ? pipeline.identity(config.name(), config.version()) : pipeline.identity();
    }

    /**
     * @param identity what the checkpoints are of: a parallel job's differ in layout from a job's on one thread.
     */
    JobCheckpoints(
        final Pipeline pipeline,
        final ResultSink allSinks,
        final CheckpointConfig config,
        final EpochNanoClock epochClock,
        final dev.sluice.core.checkpoint.PipelineIdentity identity)
    {
        this.config = config;
        this.pipeline = pipeline;
        this.epochClock = epochClock;
        this.listener = config.listener();
        this.everyMicroBatch = config.everyRecords() == 0 && config.intervalNs() == 0;
        this.intervalNs = config.intervalNs();
        final List<Transactional> sinks = new ArrayList<>();
        final List<Object> all = new ArrayList<>(pipeline.sinks());
        all.addAll(pipeline.eventSinks());
        for (final Object sink : all)
        {
            if (sink instanceof Transactional)
            {
                sinks.add((Transactional)sink);
            }
            else if (config.guarantee() == DeliveryGuarantee.EXACTLY_ONCE)
            {
                final boolean events = sink instanceof EventSink;
                throw new PipelineDefinitionException("sink " + sink.getClass().getName() + " is not a " +
                    (events ? "TransactionalEventSink" : "TransactionalSink") + ", so after a restore it would " +
                    "receive the replayed " + (events ? "events" : "results") + " again: use a transactional sink (" +
                    (events ? "EventLogSink" : "EpochFileSink, IdempotentLogSink, LatestResultView") + ", or your " +
                    "own), or choose CheckpointConfig.guarantee(DeliveryGuarantee.AT_LEAST_ONCE)");
            }
        }
        this.transactional = sinks.toArray(new Transactional[0]);
        this.allSinks = allSinks;
        this.store = config.openStore(identity);
    }

    /**
     * @param otherwise what else the caller may do, after the way to give the job checkpoints.
     * @return {@code checkpoints}.
     * @throws IllegalStateException when the job has none ({@code checkpoints} is null).
     */
    static JobCheckpoints required(final JobCheckpoints checkpoints, final String otherwise)
    {
        if (null == checkpoints)
        {
            throw new IllegalStateException("this job has no checkpoints: set ExecutionConfig.checkpointing(" +
                "CheckpointConfig.in(dir)) before creating it" + otherwise);
        }
        return checkpoints;
    }

    /**
     * Starts the wait for the next checkpoint, after one was taken or restored.
     */
    void scheduleNext(final long recordsIn, final long resultsEmitted, final long nowNs)
    {
        final long every = config.everyRecords();
        nextRecords = every > 0 ? recordsIn + every : Long.MAX_VALUE;
        lastNs = nowNs;
        recordsAtLast = recordsIn;
        resultsAtLast = resultsEmitted;
        requested = false;
    }

    /**
     * @return true when a checkpoint is due: its record count reached, requested, or its interval passed with
     * something new to checkpoint (the clock is read only when checkpoints are timed).
     */
    boolean isDue(final long recordsIn, final long resultsEmitted, final NanoClock clock)
    {
        if (recordsIn >= nextRecords || requested)
        {
            return true;
        }
        if (intervalNs > 0 && clock.nanoTime() - lastNs >= intervalNs)
        {
            if (recordsIn == recordsAtLast && resultsEmitted == resultsAtLast)
            {
                // nothing happened since the last one: it is still current
                lastNs = clock.nanoTime();
                return false;
            }
            return true;
        }
        return false;
    }

    /**
     * @return how many records the next poll may read: cut at the checkpoint's record, so that "every N records"
     * is exact.
     */
    int pollLimit(final int configured, final long recordsIn)
    {
        return (int)Math.max(1, Math.min(configured, nextRecords - recordsIn));
    }

    /**
     * Asks for a checkpoint at the job's next chance. Any thread.
     */
    void request()
    {
        requested = true;
    }

    boolean everyMicroBatch()
    {
        return everyMicroBatch;
    }

    /**
     * Restore the newest valid checkpoint into a fresh job, or tell the sinks it is a fresh start. Everything is
     * parsed before any sink acts on its mark, so a checkpoint that does not parse changes no sink's output.
     */
    void restore(final Job job)
    {
        restore(job::readState);
    }

    /**
     * Like {@link #restore(Job)}, for any job's state: {@code readState} reads the body a {@link #take} wrote.
     */
    void restore(final java.util.function.Consumer<StateInput> readState)
    {
        for (final Transactional sink : transactional)
        {
            if (sink instanceof TransactionalSink results)
            {
                results.init(pipeline.schema());
            }
        }
        final Checkpoint checkpoint = store.restoreLatest();
        if (null == checkpoint)
        {
            for (final Transactional sink : transactional)
            {
                sink.restore(null);
            }
            return;
        }
        final StateInput in = checkpoint.body();
        readState.accept(in);
        final int marks = in.getCount("sink commit marks", 4);
        if (marks != transactional.length)
        {
            throw new CheckpointException("checkpoint " + checkpoint.file() + " holds the commit marks of " + marks +
                " transactional sinks but the pipeline has " + transactional.length + ": run it with the sinks it " +
                "was taken with, or start afresh with another checkpoint directory and output");
        }
        final StateInput[] sections = new StateInput[marks];
        for (int i = 0; i < marks; i++)
        {
            sections[i] = in.section("commit mark of sink " + i);
        }
        in.expectEnd();
        for (int i = 0; i < marks; i++)
        {
            transactional[i].restore(sections[i]);
            sections[i].expectEnd();
        }
        lastId = checkpoint.id();
        restoredFromId = checkpoint.id();
        restoreWarnings = checkpoint.warnings();
    }

    /**
     * @return the checkpoint's id, or -1 when its write failed and the failure was tolerated.
     */
    long take(final Job job)
    {
        return take(job::writeState);
    }

    /**
     * Like {@link #take(Job)}, for any job's state: {@code writeState} writes the body at a consistent point.
     */
    long take(final java.util.function.Consumer<StateOutput> writeState)
    {
        final long start = System.nanoTime();
        final long id = lastId + 1;
        body.reset();
        writeState.accept(body);
        body.putInt(transactional.length);
        for (final Transactional sink : transactional)
        {
            final int token = body.beginSection();
            sink.snapshot(id, body);
            body.endSection(token);
        }
        // plain sinks (at-least-once): what they hold is at least what the checkpoint covers
        allSinks.flush();
        listener.onPhase(CheckpointListener.Phase.SINKS_PRE_COMMITTED, id);
        // the sinks moved on to the next epoch whether or not the file is written: ids keep counting
        lastId = id;
        final long bytes;
        try
        {
            bytes = store.write(id, epochClock.nanoTime() / 1_000_000L, body,
                () -> listener.onPhase(CheckpointListener.Phase.FILE_WRITTEN, id));
        }
        catch (final CheckpointException ex)
        {
            failed++;
            if (++consecutiveFailures > config.tolerableFailures())
            {
                throw ex;
            }
            LOGGER.log(System.Logger.Level.WARNING, ex.getMessage() + " (failure " + consecutiveFailures + " of " +
                config.tolerableFailures() + " tolerated; output stays uncommitted until a checkpoint succeeds)");
            return -1;
        }
        consecutiveFailures = 0;
        listener.onPhase(CheckpointListener.Phase.DURABLE, id);
        for (final Transactional sink : transactional)
        {
            sink.commit(id);
        }
        listener.onPhase(CheckpointListener.Phase.COMMITTED, id);
        final long ns = System.nanoTime() - start;
        taken++;
        lastBytes = bytes;
        lastDurationNs = ns;
        maxNs = Math.max(maxNs, ns);
        totalNs += ns;
        return id;
    }

    CheckpointStats stats()
    {
        return new CheckpointStats(taken, failed, lastId, lastBytes, lastDurationNs, maxNs, totalNs, restoredFromId,
            restoreWarnings);
    }
}
