package dev.sluice.core;

import dev.sluice.core.checkpoint.CheckpointException;
import dev.sluice.core.checkpoint.PipelineIdentity;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.Codec;
import dev.sluice.core.function.EventTimeFunction;
import dev.sluice.core.function.JobFailedException;
import dev.sluice.core.function.KeyFunction;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.internal.KeyDictionary;
import dev.sluice.core.internal.parallel.ExchangeDescriptor;
import dev.sluice.core.internal.parallel.ParallelControl;
import dev.sluice.core.internal.parallel.ParallelState;
import dev.sluice.core.internal.parallel.ParallelWorker;
import dev.sluice.core.internal.parallel.ReceivedResults;
import dev.sluice.core.internal.parallel.ResultChannelSink;
import dev.sluice.core.sink.IdempotentLogSink;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.Transactional;
import dev.sluice.core.sink.TransactionalSink;
import dev.sluice.core.source.PartitionedSource;
import dev.sluice.core.source.Source;
import dev.sluice.core.source.SourceReader;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.log.JvmRequirements;
import dev.sluice.log.KeyGroups;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One run of a {@link Pipeline} on P worker threads, in any {@link ExecutionMode}, with the same results as a job on
 * one thread: P = 1, 2, 4 ... give the same final results, late events included.
 * <pre>
 *   inputs (the partitions of a PartitionedSource, or one whole source)
 *      |  each read by one worker
 *      v
 *   worker 0 ... worker P-1   each owns the keys of a contiguous range of key groups and their window state;
 *      |    \   /    |        a record with events of another worker's keys goes to that worker through a bounded,
 *      |     \ /     |        single-producer single-consumer queue (a full queue stops the reader: back pressure)
 *      |     / \     |
 *      v    v   v    v
 *   result queues, one per worker --> the sink thread (the one calling run()): the pipeline's sinks, checkpoints
 * </pre>
 * <b>Watermarks.</b> Each input has its own watermark, from its own records; an event is judged late against its
 * input's watermark as of the record before it, wherever its key is processed, so lateness does not depend on P or
 * on how the threads interleave. Windows fire at the minimum over the inputs' watermarks; an input idle for its
 * strategy's idle timeout is left out of the minimum until it has records again; an ended input no longer counts.
 * With one input, every event is judged exactly as a job on one thread judges it.
 * <p>
 * <b>Reading without sending.</b> Over a {@link dev.sluice.log.PartitionedLog} routed by the pipeline's key (the
 * log's {@link dev.sluice.log.PartitionedLog#partitionOfKeyHash} given the key's id) with a partition count that is
 * a multiple of P, each partition is read by the worker that owns its keys, and nothing goes between workers.
 * <p>
 * <b>Checkpoints</b> ({@link ExecutionConfig#checkpointing}) are aligned: the sink thread asks; each worker sends a
 * barrier after everything it sent, takes in what the others sent before theirs, fires what the now agreed watermark
 * passed, and writes its part (its inputs' positions and trackers, its keys' windows); when every part is in, the
 * sink thread pre-commits the sinks, writes one checkpoint file and commits, as a job on one thread does
 * ({@code JobCheckpoints}). A checkpoint restores at any parallelism: each new worker takes the keys it owns from
 * every part, and each input goes on at its position on its new reader.
 * <p>
 * <b>What differs from a job on one thread.</b> Results reach the sinks in the order the workers fire them (windows
 * in start order within a worker, workers interleaved): sinks that need a replay in the same order
 * ({@link IdempotentLogSink}) are refused with checkpoints. The pipeline is built once per worker
 * ({@code Supplier<Pipeline>}), because codecs and user functions are not thread-safe; the late-event and record
 * error handlers are called on the workers' threads. "Every N records" checkpoints are due when the workers have read
 * N records since the last one and it is done (the workers read on while it is written), and a MICRO_BATCH job with
 * no spacing checkpoints again as soon as records were read since the last; early results by event count are counted
 * per worker; a micro-batch is per input and worker, and the sinks are flushed when the result queues go quiet after
 * results.
 * <p>
 * Threading: {@link #run()} runs the sink thread on the caller's thread and starts the workers; {@link #stop()},
 * {@link #stopWithCheckpoint()}, {@link #requestCheckpoint()}, {@link #drain()} and {@link #publishedReport()} may be
 * called from any thread.
 */
public final class ParallelJob implements AutoCloseable
{
    private static final long HIGHEST_LATENCY_NS = 3_600_000_000_000L;
    /** Most results handed on from one worker's queue per sink-thread cycle. */
    private static final int RESULT_LIMIT = 4096;
    private static final ResultSink NO_SINK = result -> { };

    private final ExecutionConfig config;
    private final ExecutionMode mode;
    private final Pipeline description;
    private final Pipeline[] pipelines;
    private final int workerCount;
    private final int inputCount;
    private final int keyGroups;
    private final PartitionedSource partitioned;
    private final NanoClock clock;
    private final IdleStrategy idle;
    private final ParallelControl control = new ParallelControl();
    private final ParallelWorker[] workers;
    private final int[] readerOfInput;
    private final OneToOneRingBuffer[] resultQueues;
    private final ResultSink allSinks;
    private final ReceivedResults received;
    private final ResultHandler resultHandler = new ResultHandler();
    private final JobCheckpoints checkpoints;
    private final Transactional[] oneEpochSinks;
    private final long[] baseCounters = new long[ParallelState.COUNTERS];

    // the sink thread's state
    private long requestedId;
    private boolean inFlight;
    private final boolean[] markerSeen;
    private int markers;
    private final boolean[] doneSeen;
    private int doneCount;
    private boolean done;
    private boolean unflushedResults;
    private long checkpointStartNs;
    /** Records read when the last checkpoint was asked for: "every micro-batch" asks again once more were read. */
    private long recordsAtCheckpoint = -1;
    private volatile long alignments;
    private volatile long alignmentsNs;
    private volatile long maxAlignmentNs;
    private boolean ran;
    private boolean closed;
    private long startNs;
    private long endNs;
    private Thread[] threads;

    private volatile boolean stopRequested;
    private volatile boolean checkpointOnStop;
    private volatile boolean reportRequested;
    private volatile JobReport published;

    /**
     * Builds the pipeline once per worker, plans each into its worker, opens the inputs and, with checkpoints,
     * restores the newest valid checkpoint (taken at any parallelism).
     *
     * @param pipeline    builds the pipeline: called once per worker, it must return a new {@link Pipeline} each time
     *                    (its own codec and functions, which are not thread-safe), of the same definition, with the
     *                    same sink instances (the results of every worker go to them, from one thread) and the same
     *                    source.
     * @param config      how to run: mode, poll and batch limits, trigger, clocks, checkpoints; its idle strategy is
     *                    the sink thread's.
     * @param parallelism the workers, key groups and queues.
     * @return a job ready to run.
     * @throws PipelineDefinitionException when the pipelines differ or cannot run in that mode.
     */
    public static ParallelJob create(
        final Supplier<Pipeline> pipeline, final ExecutionConfig config, final Parallelism parallelism)
    {
        JvmRequirements.check();
        final Pipeline[] pipelines = new Pipeline[parallelism.workers()];
        for (int w = 0; w < pipelines.length; w++)
        {
            pipelines[w] = Objects.requireNonNull(pipeline.get(), "the pipeline supplier returned null");
            checkSameDefinition(pipelines, w);
        }
        checkRunnable(pipelines[0], config.mode());
        final ParallelJob job = new ParallelJob(pipelines, config, parallelism);
        try
        {
            if (null != job.checkpoints)
            {
                job.checkpoints.restore(job::readState);
                job.checkpoints.scheduleNext(job.recordsIn(), 0, job.clock.nanoTime());
            }
        }
        catch (final RuntimeException ex)
        {
            job.closeInputs();
            throw ex;
        }
        job.published = job.report();
        return job;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private ParallelJob(final Pipeline[] pipelines, final ExecutionConfig config, final Parallelism parallelism)
    {
        this.config = config;
        this.mode = config.mode();
        this.pipelines = pipelines;
        this.description = pipelines[0];
        this.workerCount = pipelines.length;
        this.clock = config.nanoClock();
        this.idle = config.idleStrategy();
        final Source source = description.source();
        this.partitioned = source instanceof PartitionedSource ? (PartitionedSource)source : null;
        this.inputCount = null == partitioned ? 1 : partitioned.partitionCount();
        this.keyGroups = parallelism.keyGroups() > 0 ? parallelism.keyGroups() :
            null != partitioned && partitioned.keyGroups() >= workerCount ? partitioned.keyGroups() :
            KeyGroups.DEFAULT_KEY_GROUPS;
        KeyGroups.check(keyGroups, workerCount, "parallelism");
        this.markerSeen = new boolean[workerCount];
        this.doneSeen = new boolean[workerCount];

        // the queues: one per ordered pair of workers, one per worker to this thread
        final OneToOneRingBuffer[][] exchange = new OneToOneRingBuffer[workerCount][workerCount];
        for (int from = 0; from < workerCount; from++)
        {
            for (int to = 0; to < workerCount; to++)
            {
                if (from != to)
                {
                    exchange[from][to] = newQueue(parallelism.exchangeQueueBytes());
                }
            }
        }
        resultQueues = new OneToOneRingBuffer[workerCount];
        workers = new ParallelWorker[workerCount];
        final int modeCode = mode == ExecutionMode.BATCH ? ParallelWorker.BATCH :
            mode == ExecutionMode.MICRO_BATCH ? ParallelWorker.MICRO_BATCH : ParallelWorker.STREAMING;
        final int batchLimit = config.maxRecordsPerBatch() > 0 ? config.maxRecordsPerBatch() : Integer.MAX_VALUE;
        for (int w = 0; w < workerCount; w++)
        {
            final Pipeline p = pipelines[w];
            resultQueues[w] = newQueue(parallelism.resultQueueBytes());
            final IdleStrategy workerIdle = parallelism.idleStrategy().get();
            final ResultChannelSink results = new ResultChannelSink(resultQueues[w], keyType(p), control, workerIdle);
            final Histogram latencyNs = new Histogram(HIGHEST_LATENCY_NS, 3);
            final LocalPlan plan = LocalPlan.plan(p, mode, clock, config.epochClock(), latencyNs, results);
            final KeyFunction<Object> routingKey = null == p.keyValue() ? (KeyFunction<Object>)p.key() :
                valueKey((Function<Object, Object>)p.keyValue(), plan.keys());
            final ParallelWorker.Parts parts = new ParallelWorker.Parts((Codec<Object>)p.codec(), p.transforms(),
                routingKey, (EventTimeFunction<Object>)p.eventTime(), (WatermarkStrategy<Object>)p.watermarkStrategy(),
                p.recordErrorHandler(), plan.operator(), plan.keys(), latencyNs);
            final ParallelWorker.Settings settings = new ParallelWorker.Settings(modeCode, config.pollLimit(),
                batchLimit, config.triggerIntervalNs(),
                mode == ExecutionMode.STREAMING && p.watermarkStrategy().periodNs() == 0,
                p.earlyResults().intervalNs() > 0, clock);
            final OneToOneRingBuffer[] outbound = exchange[w];
            final OneToOneRingBuffer[] inbound = new OneToOneRingBuffer[workerCount];
            for (int from = 0; from < workerCount; from++)
            {
                inbound[from] = exchange[from][w];
            }
            workers[w] = new ParallelWorker(w, workerCount, keyGroups, inputCount, parts, settings, control,
                workerIdle, outbound, inbound, results);
        }

        readerOfInput = new int[inputCount];
        try
        {
            for (int i = 0; i < inputCount; i++)
            {
                final int reader = readerOf(i);
                readerOfInput[i] = reader;
                final Source own = pipelines[reader].source();
                final SourceReader input = null == partitioned ? own.open() : ((PartitionedSource)own).openPartition(i);
                workers[reader].addInput(i, input);
                if (mode == ExecutionMode.BATCH || (mode == ExecutionMode.MICRO_BATCH && config.availableNow()))
                {
                    input.boundAtCurrentTail();
                }
            }
        }
        catch (final RuntimeException ex)
        {
            closeInputs();
            throw ex;
        }

        allSinks = LocalPlan.fanOut(description.sinks());
        received = new ReceivedResults(description.schema(), description.aggregations(), keyType(description),
            allSinks);
        final CheckpointConfig checkpointConfig = config.checkpointing();
        JobCheckpoints made = null;
        if (null != checkpointConfig)
        {
            if (workerCount > 1 || inputCount > 1)
            {
                for (final ResultSink sink : description.sinks())
                {
                    if (sink instanceof IdempotentLogSink)
                    {
                        closeInputs();
                        throw new PipelineDefinitionException("IdempotentLogSink skips replayed results by their " +
                            "sequence, so it needs them replayed in the order they came, which " + workerCount +
                            " workers over " + inputCount + " inputs do not keep: use an EpochFileSink or a " +
                            "LatestResultView (or your own TransactionalSink keyed by window and key)");
                    }
                }
            }
            try
            {
                final PipelineIdentity named = JobCheckpoints.identityOf(description, checkpointConfig);
                made = new JobCheckpoints(description, allSinks, checkpointConfig, config.epochClock(),
                    new PipelineIdentity(named.name(), named.version(),
                        PipelineIdentity.fingerprintOf(description.stateLayout() + ";runner=parallel")));
            }
            catch (final RuntimeException ex)
            {
                closeInputs();
                throw ex;
            }
        }
        checkpoints = made;
        oneEpochSinks = OneEpochSinks.start(description, null != made);
    }

    /**
     * Runs the job: starts the workers, hands their results to the sinks and takes the checkpoints on this thread,
     * until every input ended and every window fired (a bounded source), or {@link #stop()}. Once.
     *
     * @return what the job did.
     * @throws JobFailedException when a worker failed (its failure is the cause); the other workers are stopped.
     */
    public JobReport run()
    {
        if (ran)
        {
            throw new IllegalStateException("a ParallelJob runs once; create another to run again");
        }
        ran = true;
        startNs = System.nanoTime();
        if (done)
        {
            endNs = startNs;
            return publish();
        }
        threads = new Thread[workerCount];
        for (int w = 0; w < workerCount; w++)
        {
            threads[w] = new Thread(workers[w], "sluice-worker-" + w);
            threads[w].setDaemon(true);
        }
        for (final Thread thread : threads)
        {
            thread.start();
        }
        try
        {
            coordinate();
        }
        catch (final RuntimeException | Error ex)
        {
            control.fail(ex);
            throw ex;
        }
        finally
        {
            control.stop();
            joinWorkers();
        }
        final Throwable failure = control.failure();
        if (null != failure)
        {
            if (failure instanceof RuntimeException && !(failure instanceof ParallelControl.StoppedException))
            {
                throw (RuntimeException)failure;
            }
            throw new JobFailedException("a worker of the parallel job failed: " + failure, -1, failure);
        }
        if (!done)
        {
            endNs = System.nanoTime();
        }
        return publish();
    }

    private void coordinate()
    {
        final boolean periodicCheckpoints = null != checkpoints && mode != ExecutionMode.BATCH;
        boolean stopCheckpointAsked = false;
        while (true)
        {
            if (null != control.failure())
            {
                return;
            }
            final long resultsBefore = received.results();
            int work = drainResults();
            if (inFlight && markers == workerCount)
            {
                completeCheckpoint();
                work++;
            }
            if (!inFlight)
            {
                if (doneCount == workerCount)
                {
                    finish();
                    return;
                }
                if (stopRequested)
                {
                    if (!checkpointOnStop || stopCheckpointAsked)
                    {
                        return;
                    }
                    stopCheckpointAsked = true;
                    startCheckpoint();
                }
                else if (periodicCheckpoints && (checkpoints.isDue(recordsIn(), received.results(), clock) ||
                    (mode == ExecutionMode.MICRO_BATCH && checkpoints.everyMicroBatch() &&
                    recordsIn() != recordsAtCheckpoint)))
                {
                    startCheckpoint();
                }
            }
            if (mode == ExecutionMode.MICRO_BATCH)
            {
                // a micro-batch's results become visible together: when the queues go quiet after them
                if (received.results() != resultsBefore)
                {
                    unflushedResults = true;
                }
                else if (unflushedResults)
                {
                    unflushedResults = false;
                    allSinks.flush();
                }
            }
            if (reportRequested)
            {
                reportRequested = false;
                published = report();
            }
            idle.idle(work);
        }
    }

    private int drainResults()
    {
        int work = 0;
        for (int w = 0; w < workerCount; w++)
        {
            if (!markerSeen[w])
            {
                resultHandler.worker = w;
                work += resultQueues[w].controlledRead(resultHandler, RESULT_LIMIT);
            }
        }
        return work;
    }

    private void startCheckpoint()
    {
        checkpointStartNs = System.nanoTime();
        recordsAtCheckpoint = recordsIn();
        inFlight = true;
        markers = 0;
        Arrays.fill(markerSeen, false);
        control.requestCheckpoint(++requestedId);
    }

    private void completeCheckpoint()
    {
        // every part is in and every result before it handed on: the workers go on, the parts stay as they are until
        // the next checkpoint is asked for
        control.releaseCheckpoint(requestedId);
        final long alignedNs = System.nanoTime() - checkpointStartNs;
        alignmentsNs += alignedNs;
        maxAlignmentNs = Math.max(maxAlignmentNs, alignedNs);
        alignments++;
        checkpoints.take(this::writeState);
        checkpoints.scheduleNext(recordsIn(), received.results(), clock.nanoTime());
        inFlight = false;
        Arrays.fill(markerSeen, false);
        markers = 0;
    }

    private void finish()
    {
        allSinks.flush();
        done = true;
        endNs = System.nanoTime();
        if (null != checkpoints)
        {
            // the final checkpoint: a rerun finds the job done and its output committed
            checkpoints.take(this::writeState);
        }
        OneEpochSinks.commit(oneEpochSinks);
    }

    /**
     * The sink thread's reader of the workers' result queues: results to the sinks, markers noted.
     */
    private final class ResultHandler implements ControlledMessageHandler
    {
        int worker;

        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index,
            final int length)
        {
            switch (msgTypeId)
            {
                case ExchangeDescriptor.RESULT:
                    received.onResult(buffer, index);
                    return Action.CONTINUE;

                case ExchangeDescriptor.SNAPSHOT:
                    // the worker's part is in: what follows belongs to the next checkpoint
                    markerSeen[worker] = true;
                    markers++;
                    return Action.BREAK;

                case ExchangeDescriptor.DONE:
                    if (!doneSeen[worker])
                    {
                        doneSeen[worker] = true;
                        doneCount++;
                    }
                    return Action.CONTINUE;

                default:
                    throw new IllegalStateException("unknown message type " + msgTypeId + " from worker " + worker);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // state

    private void writeState(final StateOutput out)
    {
        final StateOutput[] parts = new StateOutput[workerCount];
        for (int w = 0; w < workerCount; w++)
        {
            parts[w] = done ? workers[w].finalPart() : workers[w].snapshot();
        }
        ParallelState.write(out, mode.ordinal(), done, baseCounters, parts, inputCount);
    }

    private void readState(final StateInput in)
    {
        final String[] modeNames = Arrays.stream(ExecutionMode.values()).map(Enum::name).toArray(String[]::new);
        final ParallelState.Restored restored = ParallelState.read(in, inputCount, mode.ordinal(), modeNames);
        System.arraycopy(restored.counters(), 0, baseCounters, 0, baseCounters.length);
        final boolean[] seen = new boolean[inputCount];
        for (final StateInput section : restored.inputSections())
        {
            final int count = section.getCount("inputs of a worker", 4);
            for (int k = 0; k < count; k++)
            {
                final int input = section.getInt();
                if (input < 0 || input >= inputCount || seen[input])
                {
                    throw new dev.sluice.core.checkpoint.CorruptCheckpointException(in.file(), "input " + input +
                        " is outside 0.." + (inputCount - 1) + " or restored twice");
                }
                seen[input] = true;
                workers[readerOfInput[input]].restoreInput(input, section);
            }
            section.expectEnd();
        }
        for (int input = 0; input < inputCount; input++)
        {
            if (!seen[input])
            {
                throw new dev.sluice.core.checkpoint.CorruptCheckpointException(in.file(), "input " + input +
                    " is missing from the checkpoint");
            }
            workers[readerOfInput[input]].shareInputWatermark(input, workers);
        }
        if (restored.done())
        {
            for (final ParallelWorker worker : workers)
            {
                worker.restoreDone();
            }
            done = true;
            return;
        }
        // each old worker's state once, then every new worker takes its keys from it
        for (final StateInput section : restored.stateSections())
        {
            final LocalPlan part = LocalPlan.plan(description, mode, clock, config.epochClock(),
                new Histogram(HIGHEST_LATENCY_NS, 3), NO_SINK);
            part.operator().restore(section);
            if (null != part.keys())
            {
                part.keys().restore(section);
            }
            section.expectEnd();
            for (final ParallelWorker worker : workers)
            {
                final int owner = worker.index();
                final java.util.function.LongPredicate owned =
                    key -> KeyGroups.ownerOfKey(key, keyGroups, workerCount) == owner;
                worker.operator().absorb(part.operator(), owned);
                if (null != part.keys())
                {
                    part.keys().copyKeysTo(worker.keys(), owned);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // control from any thread

    /**
     * Ask {@link #run()} to return: the workers stop after their current duty cycle; open windows stay open. Any
     * thread.
     */
    public void stop()
    {
        stopRequested = true;
    }

    /**
     * Like {@link #stop()}, after a checkpoint, so that a job created later with the same {@link CheckpointConfig}
     * (at any parallelism) goes on from there. Any thread.
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
     * Ask for a checkpoint at the next chance. Any thread.
     */
    public void requestCheckpoint()
    {
        if (null != checkpoints)
        {
            checkpoints.request();
        }
    }

    /**
     * End of input for inputs that have none (a log's tail): each worker takes its inputs as ended where they are,
     * every window fires and {@link #run()} returns. Any thread.
     */
    public void drain()
    {
        for (final ParallelWorker worker : workers)
        {
            worker.requestDrain();
        }
    }

    /**
     * @return a report assembled from what the workers published last, and a request for fresher ones. Any thread.
     */
    public JobReport publishedReport()
    {
        reportRequested = true;
        for (final ParallelWorker worker : workers)
        {
            worker.requestReport();
        }
        return published;
    }

    /**
     * @return records read so far by every worker (as of their last duty cycle). Any thread.
     */
    public long recordsIn()
    {
        long records = baseCounters[ParallelState.RECORDS_IN];
        for (final ParallelWorker worker : workers)
        {
            records += worker.recordsInPublished();
        }
        return records;
    }

    /**
     * @return times a worker found a queue to another worker full and waited (back pressure), as of the reports the
     * workers published last.
     */
    public long backPressuredSends()
    {
        long blocked = 0;
        for (final ParallelWorker worker : workers)
        {
            final ParallelWorker.Report report = worker.publishedReport();
            blocked += null == report ? 0 : report.blockedSends();
        }
        return blocked;
    }

    /**
     * @return records a worker sent to another (once per record and receiving worker), as of the reports the workers
     * published last: none when every input is read by the worker that owns its keys.
     */
    public long recordsExchanged()
    {
        long sent = 0;
        for (final ParallelWorker worker : workers)
        {
            final ParallelWorker.Report report = worker.publishedReport();
            sent += null == report ? 0 : report.recordsSent();
        }
        return sent;
    }

    public boolean isDone()
    {
        return done;
    }

    /**
     * @return true once {@link #stop()} or {@link #stopWithCheckpoint()} was called. Any thread.
     */
    public boolean isStopRequested()
    {
        return stopRequested;
    }

    public int parallelism()
    {
        return workerCount;
    }

    /**
     * @return the inputs: the source's partitions, or 1.
     */
    public int inputCount()
    {
        return inputCount;
    }

    /**
     * @return the worker that reads {@code input}.
     */
    public int readerOfInput(final int input)
    {
        return readerOfInput[input];
    }

    /**
     * @return checkpoints whose parts every worker took (aligned), the time from asking to the last part in (the
     * workers wait from their own part to the last one; the file is written after), and the longest such time, in
     * ns: {@code {count, total, max}}. Any thread.
     */
    public long[] checkpointAlignments()
    {
        return new long[]{ alignments, alignmentsNs, maxAlignmentNs };
    }

    /**
     * @return what checkpointing did so far, or null when the job has none.
     */
    public CheckpointStats checkpointStats()
    {
        return null == checkpoints ? null : checkpoints.stats();
    }

    /**
     * Closes the inputs' readers; idempotent. Stops the workers first if they run. The sinks stay open.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            control.stop();
            joinWorkers();
            closeInputs();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private JobReport publish()
    {
        final JobReport report = report();
        published = report;
        return report;
    }

    /**
     * @return the job's report from the workers' latest published reports (their own, fresh, when they are not
     * running).
     */
    private JobReport report()
    {
        final long[] totals = baseCounters.clone();
        final long[] counters = new long[ParallelState.COUNTERS];
        long watermark = Long.MAX_VALUE;
        long lagRecords = 0;
        long lagBytes = 0;
        long windowsFired = 0;
        long batches = 0;
        int openWindows = 0;
        long position = -1;
        final Histogram latency = new Histogram(HIGHEST_LATENCY_NS, 3);
        final boolean running = null != threads && !stopped();
        for (final ParallelWorker worker : workers)
        {
            final ParallelWorker.Report r = running ? worker.publishedReport() : worker.report();
            if (null == r)
            {
                continue;
            }
            counters[ParallelState.RECORDS_IN] = r.recordsIn();
            counters[ParallelState.RECORDS_SKIPPED] = r.recordsSkipped();
            counters[ParallelState.LAST_ERROR_POSITION] = r.lastErrorPosition();
            counters[ParallelState.EVENTS_IN] = r.eventsIn();
            counters[ParallelState.EVENTS_LATE] = r.eventsLate();
            counters[ParallelState.EVENTS_LATE_ACCEPTED] = r.eventsLateAccepted();
            counters[ParallelState.RESULTS_EMITTED] = r.resultsEmitted();
            counters[ParallelState.UPDATES_EMITTED] = r.updatesEmitted();
            ParallelState.addCounters(totals, counters);
            // a window fires on every worker holding keys of it: the most any worker fired is the count of windows
            windowsFired = Math.max(windowsFired, r.windowsFired());
            batches = Math.max(batches, r.batches());
            watermark = Math.min(watermark, r.watermark());
            lagRecords += r.lagRecords();
            lagBytes += r.lagBytes();
            openWindows = Math.max(openWindows, r.openWindows());
            if (inputCount == 1 && r.position() >= 0)
            {
                position = r.position();
            }
            latency.add(r.latencyNs());
        }
        final long end = done || (ran && stopped()) ? endNs : System.nanoTime();
        return new JobReport(mode, totals[ParallelState.RECORDS_IN], totals[ParallelState.RECORDS_SKIPPED],
            totals[ParallelState.LAST_ERROR_POSITION], totals[ParallelState.EVENTS_IN],
            totals[ParallelState.EVENTS_LATE], totals[ParallelState.EVENTS_LATE_ACCEPTED],
            Math.max(windowsFired, baseCounters[ParallelState.WINDOWS_FIRED]), totals[ParallelState.RESULTS_EMITTED],
            totals[ParallelState.UPDATES_EMITTED], Math.max(batches, baseCounters[ParallelState.BATCHES]),
            watermark == Long.MAX_VALUE && !done ? Long.MIN_VALUE : watermark, position, lagRecords, lagBytes,
            openWindows, 0, startNs == 0 ? 0 : Math.max(0, end - startNs), latency);
    }

    private boolean stopped()
    {
        if (null == threads)
        {
            return true;
        }
        for (final Thread thread : threads)
        {
            if (thread.isAlive())
            {
                return false;
            }
        }
        return true;
    }

    private void joinWorkers()
    {
        if (null == threads)
        {
            return;
        }
        for (final Thread thread : threads)
        {
            Threads.join(thread);
        }
    }

    private void closeInputs()
    {
        for (final ParallelWorker worker : workers)
        {
            if (null != worker)
            {
                worker.closeInputs();
            }
        }
    }

    /**
     * The worker that reads an input: over a partitioned source routed by these key groups, the owner of the
     * partition's first key group (so its records stay on it when the partitions line up with the workers);
     * otherwise inputs go round the workers.
     */
    private int readerOf(final int input)
    {
        if (null != partitioned && partitioned.keyGroups() == keyGroups)
        {
            return KeyGroups.ownerOf(KeyGroups.firstKeyGroupOf(input, keyGroups, inputCount), keyGroups, workerCount);
        }
        return input % workerCount;
    }

    private static OneToOneRingBuffer newQueue(final int capacity)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @SuppressWarnings("unchecked")
    private static KeyType<Object> keyType(final Pipeline pipeline)
    {
        return null == pipeline.keyValue() ? null : (KeyType<Object>)pipeline.keyFormat().keyType();
    }

    private static KeyFunction<Object> valueKey(final Function<Object, Object> key, final KeyDictionary<Object> keys)
    {
        return event -> keys.idOf(key.apply(event));
    }

    private static void checkRunnable(final Pipeline pipeline, final ExecutionMode mode)
    {
        if (pipeline.isPassThrough())
        {
            // its output is one ordered event log, which one thread writes
            throw new PipelineDefinitionException("a pass-through pipeline (passThrough()) writes one ordered " +
                "output log, so it runs on one thread: run it as a Job, or aggregate with keyBy(...) to run in " +
                "parallel");
        }
        if (mode == ExecutionMode.BATCH && pipeline.earlyResults().isEnabled())
        {
            throw new PipelineDefinitionException("early results (" + pipeline.earlyResults() + ") in BATCH mode: " +
                "a BATCH job reads its whole range before any window closes; run it MICRO_BATCH or STREAMING");
        }
        if (mode != ExecutionMode.BATCH && pipeline.watermarkStrategy().isNone())
        {
            throw new PipelineDefinitionException("WatermarkStrategy.none() runs only in BATCH mode, not " + mode +
                ": give withTimestamps a strategy such as WatermarkStrategy.boundedOutOfOrderness(maxDelayMs)");
        }
    }

    private static void checkSameDefinition(final Pipeline[] pipelines, final int w)
    {
        if (w == 0)
        {
            return;
        }
        final Pipeline first = pipelines[0];
        final Pipeline other = pipelines[w];
        for (int i = 0; i < w; i++)
        {
            if (pipelines[i] == other || pipelines[i].codec() == other.codec())
            {
                throw new PipelineDefinitionException("the pipeline supplier returned the same pipeline (or codec) " +
                    "twice: build a new Pipeline with a new codec on every call, so that each worker has its own " +
                    "(codecs and functions are not thread-safe)");
            }
        }
        if (!first.stateLayout().equals(other.stateLayout()) ||
            first.transforms().size() != other.transforms().size())
        {
            throw new PipelineDefinitionException("the pipeline supplier built different pipelines: " +
                first.stateLayout() + " and " + other.stateLayout() + "; build the same definition every time");
        }
        if (first.sinks().size() != other.sinks().size())
        {
            throw new PipelineDefinitionException("the pipeline supplier built pipelines with different sinks");
        }
        for (int i = 0; i < first.sinks().size(); i++)
        {
            if (first.sinks().get(i) != other.sinks().get(i))
            {
                throw new PipelineDefinitionException("the pipeline supplier made a new sink for each pipeline: make" +
                    " the sinks once, outside it, and give every pipeline the same ones (the results of every worker" +
                    " go to them, from one thread)");
            }
        }
        final int inputs = first.source() instanceof PartitionedSource ps ? ps.partitionCount() : 1;
        final int otherInputs = other.source() instanceof PartitionedSource ps ? ps.partitionCount() : 1;
        if (inputs != otherInputs)
        {
            throw new PipelineDefinitionException("the pipeline supplier built pipelines over sources of " + inputs +
                " and " + otherInputs + " partitions: give them the same source");
        }
    }
}
