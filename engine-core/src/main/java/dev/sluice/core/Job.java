package dev.sluice.core;

import dev.sluice.core.internal.KeyDictionary;
import dev.sluice.core.internal.KeyedWindowOperator;
import dev.sluice.core.internal.RecordProcessor;
import dev.sluice.core.internal.WatermarkTracker;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.Transactional;
import dev.sluice.core.sink.TransactionalSink;
import dev.sluice.core.source.SourceReader;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;


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
 * Without checkpoints the whole job is one epoch of its {@link TransactionalSink}s, as a batch job's output is in
 * Flink: they start fresh when the job is created and commit when its input ends. A job stopped or killed before
 * that commits nothing, and a rerun starts afresh. A sink that gathers several jobs' results (a
 * {@link dev.sluice.core.sink.LatestResultView}: {@code startsFreshWithEachJob()} is false) is left as it is.
 * <p>
 * Threading: the job thread calls every method but {@link #stop()}, {@link #stopWithCheckpoint()},
 * {@link #requestCheckpoint()} and {@link #publishedReport()}, which any thread may call: the first two end
 * {@link #run()} after the current duty cycle, the last reads a consistent report the job thread publishes after
 * the duty cycle in which it was asked for (a progress bar or a dashboard polls it).
 * <p>
 * {@link #close()} closes what the job opened: its source reader. The sinks belong to the pipeline, which may run
 * other jobs into them or be read after this one (a {@link dev.sluice.core.sink.LatestResultView}): the job flushes
 * them at every checkpoint and at the end, and whoever made them closes them.
 */
public final class Job implements Agent, AutoCloseable
{
    private static final long HIGHEST_LATENCY_NS = 3_600_000_000_000L;
    private static final int STATE_FORMAT = 1;

    private final ExecutionConfig config;
    private final ExecutionMode mode;
    private final SourceReader reader;
    private final WatermarkTracker<Object> tracker;
    private final KeyedWindowOperator<Object> operator;
    private final RecordProcessor<Object> processor;
    private final KeyDictionary<Object> keys;
    private final ResultSink sink;
    private final NanoClock clock;
    private final Histogram latencyNs = new Histogram(HIGHEST_LATENCY_NS, 3);
    private final int batchLimit;

    private volatile boolean stopRequested;
    private volatile boolean checkpointOnStop;
    /** Set by {@link #requestEarlyResults()}: the job thread emits the running values after its duty cycle. */
    private volatile boolean earlyResultsRequested;
    private final boolean earlyResults;
    /** The report as of the job thread's last publication, for other threads. */
    private volatile JobReport published;
    /** Set by a reader of {@link #published}: the job thread publishes a fresh report after its duty cycle. */
    private volatile boolean reportRequested;
    private boolean closed;
    private boolean done;
    private final boolean earlyResultsTimed;
    private long batches;
    private long lastTriggerNs;
    private boolean triggered;
    private long startNs;
    private long endNs;

    // checkpoints: null when the job has none; the per-event cost is one counter compare per poll
    private final JobCheckpoints checkpoints;
    /** Without checkpoints: the transactional sinks, whose one epoch commits at the end of the input. */
    private final Transactional[] oneEpochSinks;

    /**
     * Plans {@code pipeline} into this job's operators and opens its source; with checkpoints, restores the newest
     * valid one (which needs the whole job made first).
     */
    static Job create(final Pipeline pipeline, final ExecutionConfig config)
    {
        final Job job = new Job(pipeline, config);
        if (null != job.checkpoints)
        {
            try
            {
                job.checkpoints.restore(job);
            }
            catch (final RuntimeException ex)
            {
                job.reader.close();
                throw ex;
            }
            job.scheduleNextCheckpoint();
        }
        job.published = job.report();
        return job;
    }

    private Job(final Pipeline pipeline, final ExecutionConfig config)
    {
        this.config = config;
        this.mode = config.mode();
        this.clock = config.nanoClock();
        this.batchLimit = config.maxRecordsPerBatch() > 0 ? config.maxRecordsPerBatch() : Integer.MAX_VALUE;

        final LocalPlan plan = LocalPlan.plan(pipeline, mode, clock, config.epochClock(), latencyNs,
            config.batchStateBound());
        sink = plan.sink();
        tracker = plan.tracker();
        operator = plan.operator();
        processor = plan.processor();
        keys = plan.keys();
        earlyResultsTimed =
            pipeline.earlyResults().intervalNs() > 0 || pipeline.earlyResults().isEveryPoll();
        earlyResults = pipeline.earlyResults().isEnabled();

        reader = pipeline.source().open();
        if (mode == ExecutionMode.BATCH || (mode == ExecutionMode.MICRO_BATCH && config.availableNow()))
        {
            reader.boundAtCurrentTail();
        }

        final CheckpointConfig checkpointConfig = config.checkpointing();
        JobCheckpoints made = null;
        if (null != checkpointConfig)
        {
            try
            {
                made = new JobCheckpoints(pipeline, sink, checkpointConfig, config.epochClock());
            }
            catch (final RuntimeException ex)
            {
                reader.close();
                throw ex;
            }
        }
        checkpoints = made;
        // without checkpoints the whole job is one epoch of its transactional sinks, committed when the input ends
        oneEpochSinks = OneEpochSinks.start(pipeline, null != made);
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
                work = reader.poll(processor, null == checkpoints ? config.pollLimit() :
                    checkpoints.pollLimit(config.pollLimit(), processor.recordsIn()));
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
                if (earlyResultsTimed)
                {
                    operator.emitEarlyResultsIfDue(clock.nanoTime());
                }
                if (null != checkpoints && checkpointDue())
                {
                    takeCheckpoint();
                }
                break;
        }
        if (earlyResultsRequested)
        {
            earlyResultsRequested = false;
            operator.emitEarlyResults();
        }
        if (work == 0 && reader.isEndOfInput())
        {
            finish();
        }
        publishIfDue();
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
        final long resultsBefore = operator.resultsEmitted() + operator.earlyResultsEmitted();
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
        if (earlyResultsTimed)
        {
            operator.emitEarlyResultsIfDue(now);
        }
        if (operator.resultsEmitted() + operator.earlyResultsEmitted() != resultsBefore)
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
        OneEpochSinks.commit(oneEpochSinks);
        publish();
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
        if (!done && checkpointOnStop)
        {
            // stopped between two events: the checkpoint resumes exactly here
            takeCheckpoint();
        }
        return publish();
    }

    /**
     * A consistent report for a thread other than the job's: the one the job thread published last, and a request
     * for a fresh one after its current duty cycle, so that a caller polling every T sees reports at most T and a
     * duty cycle old (a job nobody asks publishes nothing: no allocation). Final once the job finished or
     * {@link #run()} returned; before the first duty cycle, the state the job was created in (restored from a
     * checkpoint, or nothing done). Any thread.
     *
     * @return the report published last.
     */
    public JobReport publishedReport()
    {
        reportRequested = true;
        return published;
    }

    /**
     * A report as of one of the job thread's next duty cycles: asks for it and waits up to {@code timeoutNs} (any
     * thread), then gives the one published last (a job whose thread has stopped publishes no more).
     */
    JobReport freshReport(final long timeoutNs)
    {
        final JobReport before = publishedReport();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        JobReport report = before;
        while (report == before && !done && System.nanoTime() - deadlineNs < 0)
        {
            // parked, not spinning: the job thread needs the core more than this reader does
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            report = publishedReport();
        }
        return report;
    }

    private void publishIfDue()
    {
        if (reportRequested)
        {
            reportRequested = false;
            published = report();
        }
    }

    private JobReport publish()
    {
        final JobReport report = report();
        published = report;
        return report;
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
        return publishedReport();
    }

    /**
     * @return records read so far (cheaper than {@link #report()}, which copies the latency histogram).
     */
    public long recordsIn()
    {
        return processor.recordsIn();
    }

    /**
     * Ask for the running values of the open windows changed since the last early results, at the end of the next
     * duty cycle (STREAMING) or micro-batch: what a pipeline with {@code EarlyResults.onRequest()} emits, and an
     * extra emission for the other early-results policies. Any thread.
     *
     * @throws IllegalStateException when the pipeline has no early results (changes are tracked only with them).
     */
    public void requestEarlyResults()
    {
        if (!earlyResults)
        {
            throw new IllegalStateException("this job's pipeline has no early results, so it does not track the " +
                "running values changed: build it with earlyResults(EarlyResults.onRequest())");
        }
        earlyResultsRequested = true;
    }

    /**
     * Emit the running values changed since the last early results now, at this event boundary. Job thread.
     */
    void emitEarlyResults()
    {
        operator.emitEarlyResults();
    }

    /**
     * @return position of the next record the job reads (cheaper than {@link #report()}). Job thread.
     */
    long sourcePosition()
    {
        return reader.position();
    }

    /**
     * @return record number of the next record the job reads. Job thread.
     */
    long sourceRecordNumber()
    {
        return reader.recordNumber();
    }

    /**
     * Ask {@link #run()} to return after the current duty cycle; open windows stay open (not fired).
     */
    public void stop()
    {
        stopRequested = true;
    }

    /**
     * Like {@link #stop()}, and {@link #run()} takes a checkpoint before it returns, so that a job created later
     * with the same {@link CheckpointConfig} goes on from the event where this one stopped, its sinks committed up
     * to there. Any thread.
     *
     * @throws IllegalStateException when the job has no checkpoint configuration.
     */
    public void stopWithCheckpoint()
    {
        JobCheckpoints.required(checkpoints, ", or use stop()");
        checkpointOnStop = true;
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
            operator.peakStateSlots(),
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
        if (null != checkpoints)
        {
            checkpoints.request();
        }
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
        checkpoints.scheduleNext(processor.recordsIn(), operator.resultsEmitted(), clock.nanoTime());
    }

    private boolean checkpointDue()
    {
        return checkpoints.isDue(processor.recordsIn(), operator.resultsEmitted(), clock);
    }

    /**
     * Write the job's state (source position, counters, watermark, all operator state) into a checkpoint body.
     */
    /**
     * @return the user's keys the job holds for a pipeline keyed by a value type; 0 for primitive keys.
     */
    int keysHeld()
    {
        return null == keys ? 0 : keys.size();
    }

    void writeState(final dev.sluice.core.checkpoint.StateOutput out)
    {
        out.putInt(STATE_FORMAT).putInt(mode.ordinal()).putByte(done ? (byte)1 : (byte)0)
            .putLong(reader.position()).putLong(reader.recordNumber()).putLong(batches);
        processor.snapshot(out);
        tracker.snapshot(out);
        operator.snapshot(out);
        if (null != keys)
        {
            keys.snapshot(out);
        }
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
        if (null != keys)
        {
            keys.restore(in);
        }
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

    /**
     * Closes the source reader the job opened; idempotent. The sinks stay open (see the class comment).
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            reader.close();
        }
    }
}
