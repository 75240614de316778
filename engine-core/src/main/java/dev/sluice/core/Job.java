package dev.sluice.core;

import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.runtime.RecordProcessor;
import dev.sluice.core.runtime.Stage;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.source.SourceReader;
import dev.sluice.core.state.WindowState;
import dev.sluice.core.time.WatermarkTracker;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.WindowOperator;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

import java.util.List;

/**
 * One run of a {@link Pipeline} in one {@link ExecutionMode}: the source reader, the chained stages, the window
 * operator and its state, all driven by {@link #doWork()} duty cycles on one thread (an Agrona {@link Agent}, so
 * it can also run under an {@code AgentRunner}).
 * <ul>
 *   <li>BATCH: the first duty cycle scans the whole bounded range in bulk and fires every window.</li>
 *   <li>MICRO_BATCH: when the trigger is due (interval elapsed), take everything new (up to
 *       {@code maxRecordsPerBatch}), then advance the watermark once, fire, emit updates and flush the sinks.</li>
 *   <li>STREAMING: poll up to {@code pollLimit} records, advancing the watermark after every one.</li>
 * </ul>
 * When a bounded source is exhausted, every open window fires (the end-of-input watermark) and the job is done.
 * An idle source lets the watermark strategy's idle timeout advance the watermark.
 * <p>
 * Checkpoints ({@link ExecutionConfig#checkpointing}): a job created with a {@link CheckpointConfig} first
 * restores the newest valid checkpoint of its directory (source position and record number, watermark, every open
 * window with its accumulators and flags, report counters, each transactional sink's commit mark), so it continues
 * exactly where that checkpoint was taken; then it checkpoints at event boundaries as configured, at the end of
 * its input, and on demand, each time driving its sinks' pre-commit and commit (see {@code JobCheckpoints}). The
 * per-event cost is nil: the checks are one counter compare per poll (the poll is cut at the checkpoint's record)
 * and, for time-based checkpoints, one clock read per duty cycle.
 * <p>
 * Threading: every method but {@link #stop()} must be called on the job thread. {@code stop()} may be called from
 * any thread and ends {@link #run()} after the current duty cycle.
 */
public final class Job implements Agent, AutoCloseable
{
    private static final long HIGHEST_LATENCY_NS = 3_600_000_000_000L;
    private static final int STATE_FORMAT = 1;

    private final ExecutionConfig config;
    private final ExecutionMode mode;
    private final SourceReader reader;
    private final WatermarkTracker<Object> tracker;
    private final WindowOperator<Object> operator;
    private final RecordProcessor<Object> processor;
    private final ResultSink sink;
    private final NanoClock clock;
    private final Histogram latencyNs = new Histogram(HIGHEST_LATENCY_NS, 3);
    private final int batchLimit;

    private volatile boolean stopRequested;
    private boolean done;
    private long batches;
    private long lastTriggerNs;
    private boolean triggered;
    private long startNs;
    private long endNs;

    // checkpoints: null when the job has none; the per-event cost is one counter compare per poll
    private final JobCheckpoints checkpoints;
    private long nextCheckpointRecords = Long.MAX_VALUE;
    private long checkpointIntervalNs;
    private long lastCheckpointNs;
    private long recordsAtLastCheckpoint = -1;
    private long resultsAtLastCheckpoint = -1;
    private volatile boolean checkpointRequested;

    @SuppressWarnings({ "unchecked", "rawtypes" })
    Job(final Pipeline pipeline, final ExecutionConfig config)
    {
        final PipelineBuilder.Definition d = pipeline.definition;
        this.config = config;
        this.mode = config.mode();
        this.clock = config.nanoClock();
        this.sink = pipeline.sink();
        this.batchLimit = config.maxRecordsPerBatch() > 0 ? config.maxRecordsPerBatch() : Integer.MAX_VALUE;

        final List<Aggregation<?>> aggregations = d.aggregations;
        final AggregateColumn<Object>[] columns = new AggregateColumn[aggregations.size()];
        for (int i = 0; i < columns.length; i++)
        {
            columns[i] = (AggregateColumn<Object>)aggregations.get(i).newColumn();
            if (mode == ExecutionMode.BATCH)
            {
                // BATCH reads its state once, at the end
                columns[i].expectBulkReads();
            }
        }
        tracker = new WatermarkTracker<>((WatermarkStrategy<Object>)d.watermarkStrategy, clock);
        operator = new WindowOperator<>(
            d.windows,
            (KeyFunction<Object>)d.key,
            (EventTimeFunction<Object>)d.eventTime,
            new WindowState<>(columns),
            d.allowedLatenessMs,
            (LateEventHandler<Object>)d.lateHandler,
            sink,
            new WindowResult(pipeline.schema(), columns),
            tracker,
            config.epochClock(),
            latencyNs,
            mode != ExecutionMode.BATCH);

        Emitter<Object> head = operator;
        for (int i = d.stages.size() - 1; i >= 0; i--)
        {
            final Stage stage = d.stages.get(i);
            head = stage.link(head);
        }
        // per-event emission publishes after every record; periodic emission is checked once per poll, so the
        // clock is not read per record
        processor = new RecordProcessor<>(
            (Codec<Object>)d.codec, head, operator, tracker, d.errorHandler,
            mode == ExecutionMode.STREAMING && d.watermarkStrategy.periodNs() == 0);

        reader = d.source.open();
        if (mode == ExecutionMode.BATCH || (mode == ExecutionMode.MICRO_BATCH && config.availableNow()))
        {
            reader.boundAtCurrentTail();
        }

        final CheckpointConfig checkpointConfig = config.checkpointing();
        if (null == checkpointConfig)
        {
            checkpoints = null;
        }
        else
        {
            checkpointIntervalNs = checkpointConfig.intervalNs();
            try
            {
                checkpoints = new JobCheckpoints(pipeline, checkpointConfig, config.epochClock());
                checkpoints.restore(this);
            }
            catch (final RuntimeException ex)
            {
                reader.close();
                throw ex;
            }
            scheduleNextCheckpoint();
        }
    }

    public String roleName()
    {
        return "sluice-job-" + mode.name().toLowerCase();
    }

    public void onStart()
    {
        if (!done)
        {
            startNs = System.nanoTime();
        }
    }

    /**
     * One duty cycle.
     *
     * @return work done (records processed), 0 when idle.
     */
    public int doWork()
    {
        if (done)
        {
            return 0;
        }
        if (startNs == 0)
        {
            startNs = System.nanoTime();
        }
        final int work;
        switch (mode)
        {
            case BATCH:
                work = (int)Math.min(Integer.MAX_VALUE, reader.scanToEnd(processor));
                finish();
                return work;

            case MICRO_BATCH:
                work = microBatch();
                break;

            default:
                work = reader.poll(processor, null == checkpoints ? config.pollLimit() : checkpointPollLimit());
                if (work > 0)
                {
                    tracker.onActivity();
                    operator.advanceWatermark(tracker.tryAdvance());
                    operator.flushUpdates();
                }
                else
                {
                    operator.advanceWatermark(tracker.onIdle());
                    operator.flushUpdates();
                }
                if (null != checkpoints && checkpointDue())
                {
                    takeCheckpoint();
                }
                break;
        }
        if (work == 0 && reader.isEndOfInput())
        {
            finish();
        }
        return work;
    }

    private int microBatch()
    {
        final long now = clock.nanoTime();
        final long intervalNs = config.triggerIntervalNs();
        if (triggered && intervalNs > 0 && now - lastTriggerNs < intervalNs)
        {
            return 0;
        }
        triggered = true;
        lastTriggerNs = now;

        int total = 0;
        int n;
        // everything new, up to the batch limit; every event is checked against the watermark of the batch start
        while (total < batchLimit && (n = reader.poll(processor, batchLimit - total)) > 0)
        {
            total += n;
        }
        final long resultsBefore = operator.resultsEmitted();
        if (total > 0)
        {
            batches++;
            tracker.onActivity();
            operator.advanceWatermark(tracker.advance());
        }
        else
        {
            operator.advanceWatermark(tracker.onIdle());
        }
        operator.flushUpdates();
        if (operator.resultsEmitted() != resultsBefore)
        {
            // a micro-batch's results become visible together, at its end
            sink.flush();
        }
        if (null != checkpoints &&
            ((total > 0 && checkpoints.everyMicroBatch()) || checkpointDue()))
        {
            // at a micro-batch boundary: a restored job starts the next micro-batch where this one ended
            takeCheckpoint();
        }
        return total;
    }

    private void finish()
    {
        operator.fireAll();
        sink.flush();
        done = true;
        endNs = System.nanoTime();
        if (null != checkpoints)
        {
            // the final checkpoint: a rerun finds the job done and its output committed
            takeCheckpoint();
        }
    }

    /**
     * Run duty cycles until a bounded source is exhausted or {@link #stop()} is called, idling with the
     * configured strategy when there is no work.
     *
     * @return what the job did.
     */
    public JobReport run()
    {
        onStart();
        final IdleStrategy idle = config.idleStrategy();
        while (!done && !stopRequested)
        {
            idle.idle(doWork());
        }
        return report();
    }

    /**
     * End of input for a source that has none (a log tail): fire every open window, as the end of a bounded
     * source does, and finish the job. Records not yet polled are not read. Call on the job thread.
     *
     * @return what the job did.
     */
    public JobReport drain()
    {
        if (!done)
        {
            finish();
        }
        return report();
    }

    /**
     * @return records read so far (cheaper than {@link #report()}, which copies the latency histogram).
     */
    public long recordsIn()
    {
        return processor.recordsIn();
    }

    /**
     * Ask {@link #run()} to return after the current duty cycle; open windows stay open (not fired).
     */
    public void stop()
    {
        stopRequested = true;
    }

    /**
     * @return true once a bounded source was exhausted and every window fired.
     */
    public boolean isDone()
    {
        return done;
    }

    /**
     * @return the watermark the window operator has reached (Long.MAX_VALUE after end of input).
     */
    public long operatorWatermark()
    {
        return operator.watermark();
    }

    /**
     * @return a snapshot of what the job did so far.
     */
    public JobReport report()
    {
        final long end = done ? endNs : System.nanoTime();
        return new JobReport(
            mode,
            processor.recordsIn(),
            processor.recordsSkipped(),
            processor.lastErrorPosition(),
            operator.eventsIn(),
            operator.eventsLate(),
            operator.eventsLateAccepted(),
            operator.windowsFired(),
            operator.resultsEmitted(),
            operator.updatesEmitted(),
            batches,
            tracker.watermark(),
            reader.position(),
            reader.lagRecords(),
            reader.lagBytes(),
            operator.openWindows(),
            startNs == 0 ? 0 : end - startNs,
            latencyNs.copy());
    }

    /**
     * Take a checkpoint now, at the current event boundary, and commit the sinks. Call on the job thread (from
     * another thread use {@link #requestCheckpoint()}).
     *
     * @return the checkpoint's id, or -1 when writing it failed and {@link CheckpointConfig#tolerableFailures}
     * allowed the job to go on.
     * @throws IllegalStateException when the job has no checkpoint configuration.
     */
    public long checkpoint()
    {
        if (null == checkpoints)
        {
            throw new IllegalStateException("this job has no checkpoints: set ExecutionConfig.checkpointing(" +
                "CheckpointConfig.in(dir)) before creating it");
        }
        return takeCheckpoint();
    }

    /**
     * Ask for a checkpoint at the next duty cycle (STREAMING) or micro-batch boundary. Any thread.
     */
    public void requestCheckpoint()
    {
        checkpointRequested = true;
    }

    /**
     * @return what checkpointing did so far (counts, last and largest duration and size, the checkpoint restored
     * from), or null when the job has no checkpoints.
     */
    public CheckpointStats checkpointStats()
    {
        return null == checkpoints ? null : checkpoints.stats();
    }

    private long takeCheckpoint()
    {
        final long id = checkpoints.take(this);
        scheduleNextCheckpoint();
        return id;
    }

    private void scheduleNextCheckpoint()
    {
        final long every = checkpoints.everyRecords();
        nextCheckpointRecords = every > 0 ? processor.recordsIn() + every : Long.MAX_VALUE;
        lastCheckpointNs = clock.nanoTime();
        recordsAtLastCheckpoint = processor.recordsIn();
        resultsAtLastCheckpoint = operator.resultsEmitted();
        checkpointRequested = false;
    }

    private boolean checkpointDue()
    {
        if (processor.recordsIn() >= nextCheckpointRecords || checkpointRequested)
        {
            return true;
        }
        if (checkpointIntervalNs > 0 && clock.nanoTime() - lastCheckpointNs >= checkpointIntervalNs)
        {
            if (processor.recordsIn() == recordsAtLastCheckpoint && operator.resultsEmitted() == resultsAtLastCheckpoint)
            {
                // nothing happened since the last one: it is still current
                lastCheckpointNs = clock.nanoTime();
                return false;
            }
            return true;
        }
        return false;
    }

    private int checkpointPollLimit()
    {
        // cut the poll at the checkpoint's record so that "every N records" is exact
        return (int)Math.max(1, Math.min(config.pollLimit(), nextCheckpointRecords - processor.recordsIn()));
    }

    /**
     * Write the job's state (source position, counters, watermark, all operator state) into a checkpoint body.
     */
    void writeState(final dev.sluice.core.checkpoint.StateOutput out)
    {
        out.putInt(STATE_FORMAT).putInt(mode.ordinal()).putByte(done ? (byte)1 : (byte)0)
            .putLong(reader.position()).putLong(reader.recordNumber()).putLong(batches);
        processor.snapshot(out);
        tracker.snapshot(out);
        operator.snapshot(out);
    }

    /**
     * Read what {@link #writeState} wrote into this fresh job and move the source to the checkpoint's position.
     */
    void readState(final dev.sluice.core.checkpoint.StateInput in)
    {
        final int format = in.getInt();
        if (format != STATE_FORMAT)
        {
            throw new dev.sluice.core.checkpoint.CorruptCheckpointException(in.file(), "job state format " + format +
                " is not " + STATE_FORMAT + ", the one this release reads");
        }
        final int modeOrdinal = in.getInt();
        if (modeOrdinal != mode.ordinal())
        {
            final String was = modeOrdinal >= 0 && modeOrdinal < ExecutionMode.values().length ?
                ExecutionMode.values()[modeOrdinal].name() : "mode " + modeOrdinal;
            throw new dev.sluice.core.checkpoint.CheckpointException("checkpoint " + in.file() + " was taken by a " +
                was + " run; resume it in " + was + ", or run " + mode + " with another checkpoint directory");
        }
        final boolean wasDone = in.getByte() != 0;
        final long position = in.getLong();
        final long recordNumber = in.getLong();
        batches = in.getLong();
        processor.restore(in);
        tracker.restore(in);
        operator.restore(in);
        reader.seek(position, recordNumber);
        if (wasDone)
        {
            done = true;
            startNs = System.nanoTime();
            endNs = startNs;
        }
    }

    public void onClose()
    {
        close();
    }

    public void close()
    {
        reader.close();
    }
}
