package dev.sluice.core;

import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.sink.MergeableResultView;
import dev.sluice.core.sink.MergedResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.log.Log;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One pipeline definition run as a Lambda architecture over a log: a batch layer, a speed layer and a serving layer,
 * with no second code base.
 * <pre>
 *   log    [start ........................ cutoff)[cutoff ..................... head ...
 *   batch layer: BATCH over [start, cutoff)       speed layer: STREAMING from the cutoff,
 *                -> batch view                                 following the tail -> speed view
 *                          \                                     /
 *   serving layer:  per (window, key), both views' accumulators merged with each aggregation's merge
 * </pre>
 * Both views are {@link MergeableResultView}s, so the serving layer adds counts and sums, unions exact distinct
 * sets and merges quantile sketches: a served answer is what one unbounded BATCH run over [start, P) gives ({@code batchStateBound(0)}: late
 * events included, as the batch layer runs), where P is the
 * position the speed layer has read to ({@link #servedPosition()}). Nothing is taken from one view in place of the
 * other.
 * <p>
 * {@link #moveCutoff} runs the batch layer again, over everything up to the new cutoff, while a new speed run starts
 * from the new cutoff and catches up beside the current one. When the new speed run has read as far as the current
 * one, the serving layer switches to the new batch view and the new speed run in one step, and the old speed run,
 * whose records the new batch view now covers, is dropped. A query sees either the old pair or the new one, each
 * covering [start, P) exactly once: never an event counted twice or not at all, also while the cutoff moves.
 * <p>
 * The speed layer keeps every window it has seen until the batch layer covers it (it runs with unbounded allowed
 * lateness), so an event that arrives after its window closed is in the served answer too, as in the batch one.
 * A served double sum adds the two views' partial sums, which may differ in the last bits from one sum in event
 * order. Session windows are refused: a session can span the cutoff and has no (window, key) to merge by.
 * <p>
 * Threads: the speed layer runs on a thread of its own ({@code sluice-lambda-speed}), started here and stopped by
 * {@link #close()}; {@link #moveCutoff} runs the batch layer on the calling thread, one move at a time; queries come
 * from any thread. A query waits for the speed layer's next duty cycle, at the end of which the speed view takes
 * the running values changed since the last query; it then copies the accumulators it needs out of the views
 * between two duty cycles and merges them with no lock held. So a key that changes a thousand times between two
 * queries is copied into the speed view once. The pipeline comes from a supplier because the layers run on different threads and
 * a codec, or a map returning a reused object, belongs to one thread: each layer runs its own copy.
 * <p>
 * Nothing is checkpointed: the log is the durable copy, and a new LambdaJob over it recomputes the batch view and
 * starts the speed layer at its first cutoff.
 */
public final class LambdaJob implements AutoCloseable
{
    /**
     * What one {@link #moveCutoff} did.
     *
     * @param fromPosition    the cutoff before.
     * @param toPosition      the cutoff now.
     * @param batch           the batch layer's run, over [start, toPosition).
     * @param batchRows       (window, key)s in the new batch view.
     * @param recordsHandedOver records in [fromPosition, toPosition): the speed layer's before the move, the batch
     *                        view's now.
     * @param elapsedNs       the whole move: the batch run and the new speed run's catch-up.
     */
    public record CutoffMove(
        long fromPosition,
        long toPosition,
        JobReport batch,
        int batchRows,
        long recordsHandedOver,
        long elapsedNs)
    {
        public String toString()
        {
            return "cutoff moved from position " + fromPosition + " to " + toPosition + ": the batch layer read " +
                batch.recordsIn() + " records into " + batchRows + " rows in " +
                TimeUnit.NANOSECONDS.toMillis(batch.elapsedNs()) + " ms; the speed layer handed over the " +
                recordsHandedOver + " records before the new cutoff and goes on from it";
        }
    }

    /** One STREAMING run of the speed layer from a cutoff into its own view. */
    private static final class SpeedRun
    {
        final Job job;
        final MergeableResultView view;
        final long from;

        SpeedRun(final Job job, final MergeableResultView view, final long from)
        {
            this.job = job;
            this.view = view;
            this.from = from;
        }
    }

    /** What the serving layer answers from: a batch view up to a cutoff and the speed run from it. */
    private static final class Generation
    {
        final long cutoff;
        final MergeableResultView batch;
        final SpeedRun speed;
        final MergedResultView served;
        final CountDownLatch serving = new CountDownLatch(1);

        Generation(
            final long cutoff, final MergeableResultView batch, final SpeedRun speed, final Lock consistentRead)
        {
            this.cutoff = cutoff;
            this.batch = batch;
            this.speed = speed;
            this.served = new MergedResultView(List.of(batch, speed.view), consistentRead);
        }
    }

    private final Supplier<Pipeline> definition;
    private final ExecutionConfig speedConfig;
    private final LogSource source;
    private final Log log;
    private final long start;
    private final String stateLayout;
    private final Pipeline speedPipeline;
    private final IdleStrategy idle;
    private final ReentrantReadWriteLock servingLock = new ReentrantReadWriteLock(true);
    private final Object moveLock = new Object();
    private final AtomicReference<SpeedRun> arriving = new AtomicReference<>();
    private final Thread speedThread;

    private volatile Generation served;
    private volatile Generation pending;
    private volatile SpeedRun withdrawn;
    private volatile long servedPosition;
    /** Where the served speed run has read to: past {@link #servedPosition} when its view has not caught up. */
    private volatile long readPosition;
    private final AtomicLong refreshRequests = new AtomicLong();
    private volatile long refreshed;
    private volatile boolean stopRequested;
    private volatile Throwable speedFailure;
    private boolean closed;

    // the speed thread's own
    private SpeedRun current;
    private SpeedRun next;

    private LambdaJob(final Supplier<Pipeline> definition, final ExecutionConfig speedConfig)
    {
        this.definition = definition;
        this.speedConfig = speedConfig;
        final Pipeline pipeline = check(definition.get());
        source = (LogSource)pipeline.source();
        log = source.log();
        start = source.startPosition();
        stateLayout = pipeline.stateLayout();
        speedPipeline = pipeline;
        idle = speedConfig.idleStrategy();

        final MergeableResultView noBatch = new MergeableResultView();
        final SpeedRun first = speedRun(start);
        current = first;
        served = new Generation(start, noBatch, first, servingLock.readLock());
        servedPosition = start;
        readPosition = start;
        speedThread = new Thread(this::runSpeedLayer, "sluice-lambda-speed");
        speedThread.setDaemon(true);
        speedThread.start();
    }

    /**
     * Start the speed layer from the start of the pipeline's source, with an empty batch view: until the first
     * {@link #moveCutoff}, the speed layer serves everything.
     *
     * @param pipeline makes the pipeline, once per layer run (see the class comment); its source must be a
     *                 {@link LogSource}, whose start is where the layers begin (its end is not used: the speed layer
     *                 follows the tail). Its sinks are not written: the layers write views of their own.
     * @return the running job.
     * @throws PipelineDefinitionException when the pipeline cannot run as a Lambda architecture, naming why.
     */
    public static LambdaJob start(final Supplier<Pipeline> pipeline)
    {
        return start(pipeline, ExecutionConfig.streaming());
    }

    /**
     * @param pipeline    see {@link #start(Supplier)}.
     * @param speedConfig how the speed layer runs: STREAMING or MICRO_BATCH, its poll limit, batch size and idle
     *                    strategy; no checkpoints (the speed layer restarts from the cutoff).
     * @return the running job.
     */
    public static LambdaJob start(final Supplier<Pipeline> pipeline, final ExecutionConfig speedConfig)
    {
        Objects.requireNonNull(pipeline, "pipeline");
        if (speedConfig.mode() == ExecutionMode.BATCH)
        {
            throw new PipelineDefinitionException("the speed layer follows the log's tail: run it STREAMING or " +
                "MICRO_BATCH, not BATCH (the batch layer is the BATCH run)");
        }
        if (null != speedConfig.checkpointing())
        {
            throw new PipelineDefinitionException("the speed layer keeps no checkpoints: it starts again from the " +
                "cutoff and the log is the durable copy; drop ExecutionConfig.checkpointing(...)");
        }
        return new LambdaJob(pipeline, speedConfig);
    }

    /**
     * Run the batch layer up to {@code cutoff} on this thread and serve its view with a speed run from the cutoff,
     * dropping the speed layer's records before it. Returns once the serving layer answers from the new views. One
     * move at a time (a second caller waits).
     *
     * @param cutoff where the batch layer ends: at most the head, never before the current cutoff.
     * @return what the move did.
     * @throws IllegalArgumentException when the cutoff is past the head, before the current cutoff, or not at a
     *                                  record; nothing served changes.
     * @throws IllegalStateException    when the job is closed or its speed layer failed.
     */
    public CutoffMove moveCutoff(final Cutoff cutoff)
    {
        Objects.requireNonNull(cutoff, "cutoff");
        synchronized (moveLock)
        {
            checkRunning();
            final long startNs = System.nanoTime();
            final Generation before = served;
            final long to = cutoff.resolve(log);
            if (to < before.cutoff)
            {
                throw new IllegalArgumentException(cutoff + " (position " + to + ") is before the current cutoff at " +
                    "position " + before.cutoff + ": the batch view covers up to there and the speed layer starts " +
                    "there, so moving back would count the records between twice; move it forward (to position " +
                    before.cutoff + " or later, e.g. Cutoff.atHead()), or start a new LambdaJob to recompute from an " +
                    "earlier point");
            }

            // the new speed run catches up beside the current one while the batch layer runs
            final SpeedRun speed = speedRun(to);
            final SpeedRun unused = arriving.getAndSet(speed);
            if (null != unused)
            {
                unused.job.close();
            }
            final MergeableResultView batchView = new MergeableResultView();
            final JobReport batch;
            try
            {
                // the batch layer recounts its range exactly, late events included: no state bound
                batch = check(definition.get()).derive(source.fromPosition(start).toPosition(to),
                    List.of(batchView), 0, EarlyResults.none()).run(ExecutionConfig.batch().batchStateBound(0));
            }
            catch (final RuntimeException ex)
            {
                withdrawn = speed;
                throw ex;
            }

            final Generation next = new Generation(to, batchView, speed, servingLock.readLock());
            pending = next;
            awaitServing(next);
            return new CutoffMove(before.cutoff, to, batch, batchView.size(),
                recordNumberAt(to) - recordNumberAt(before.cutoff), System.nanoTime() - startNs);
        }
    }

    /**
     * @return the position of the current cutoff: the batch view covers the records before it.
     */
    public long cutoff()
    {
        return served.cutoff;
    }

    /**
     * @return the position the served answers covered up to at the last query: every record in [start, it) counted
     * once. A query brings it up to the speed layer's position first.
     */
    public long servedPosition()
    {
        return servedPosition;
    }

    /**
     * Wait until the served answers cover every record before {@code position}.
     *
     * @return true when they do, false when the timeout passed first.
     * @throws IllegalStateException when the speed layer failed meanwhile.
     */
    public boolean awaitServed(final long position, final long timeout, final TimeUnit unit)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (true)
        {
            checkRunning();
            refresh();
            if (servedPosition >= position)
            {
                return true;
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return false;
            }
            Thread.sleep(1);
        }
    }

    /**
     * @param windowStart a window's start.
     * @param key         the user's key (a Long for a primitive key).
     * @return the served result of (window, key): batch and speed merged; null for a key or window neither has.
     */
    public ResultRow get(final long windowStart, final Object key)
    {
        refresh();
        return served.served.get(windowStart, key);
    }

    /**
     * @param windowStart a window's start.
     * @param key         the key (its id for a value-keyed pipeline).
     * @return see {@link #get(long, Object)}.
     */
    public ResultRow get(final long windowStart, final long key)
    {
        refresh();
        return served.served.get(windowStart, key);
    }

    /**
     * @param key the user's key (a Long for a primitive key) of a pipeline over {@code GlobalWindows}.
     * @return its served result over the whole input; null for a key neither view has.
     */
    public ResultRow get(final Object key)
    {
        return get(GlobalWindows.START, key);
    }

    /**
     * One key over a time range: the merge of its served results in every window within [fromMs, toMs).
     *
     * @return null when the key has no window in the range, or the range is empty.
     */
    public ResultRow range(final Object key, final long fromMs, final long toMs)
    {
        refresh();
        return served.served.range(key, fromMs, toMs);
    }

    /**
     * @see #range(Object, long, long)
     */
    public ResultRow range(final long key, final long fromMs, final long toMs)
    {
        refresh();
        return served.served.range(key, fromMs, toMs);
    }

    /**
     * @return every served (window, key), sorted by (window start, key id), as of one moment.
     */
    public List<ResultRow> rows()
    {
        refresh();
        return served.served.rows();
    }

    /**
     * @return a report of the speed run being served (records read since the cutoff, lag behind the head, ...), as
     * of one of its next duty cycles: waits for it up to 50 ms, then gives the one it published last.
     */
    public JobReport speedReport()
    {
        return served.speed.job.freshReport(stopRequested ? 0 : TimeUnit.MILLISECONDS.toNanos(50));
    }

    /**
     * @return what made the speed layer stop, or null while it runs.
     */
    public Throwable speedFailure()
    {
        return speedFailure;
    }

    /**
     * Stop the speed layer and close its runs. Queries still answer from the last views. Idempotent.
     */
    public void close()
    {
        synchronized (moveLock)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        stopRequested = true;
        Threads.join(speedThread);
        final SpeedRun unused = arriving.getAndSet(null);
        if (null != unused)
        {
            unused.job.close();
        }
    }

    private void runSpeedLayer()
    {
        try
        {
            while (!stopRequested)
            {
                int work = 0;
                final SpeedRun arrived = arriving.getAndSet(null);
                if (null != arrived)
                {
                    closeNext();
                    next = arrived;
                }
                if (null != next && next == withdrawn)
                {
                    closeNext();
                }
                final Generation switching = pending;
                SpeedRun retired = null;
                servingLock.writeLock().lock();
                try
                {
                    // the new pair is served once its speed run has read as far as the current one: the served
                    // position never goes back
                    if (null != switching && switching.speed == next &&
                        next.job.sourcePosition() >= current.job.sourcePosition())
                    {
                        next.job.emitEarlyResults();
                        next.view.flush();
                        retired = current;
                        current = next;
                        next = null;
                        served = switching;
                        pending = null;
                        servedPosition = current.job.sourcePosition();
                    }
                    work += current.job.doWork();
                    readPosition = current.job.sourcePosition();
                    final long asked = refreshRequests.get();
                    if (asked != refreshed)
                    {
                        // a reader waits: show it everything read so far, changed since the last reader's look
                        current.job.emitEarlyResults();
                        current.view.flush();
                        servedPosition = current.job.sourcePosition();
                        refreshed = asked;
                    }
                }
                finally
                {
                    servingLock.writeLock().unlock();
                }
                if (null != retired)
                {
                    retired.job.close();
                    switching.serving.countDown();
                }
                if (null != next)
                {
                    work += next.job.doWork();
                }
                idle.idle(work);
            }
        }
        catch (final Throwable ex)
        {
            speedFailure = ex;
        }
        finally
        {
            closeNext();
            current.job.close();
        }
    }

    /**
     * Ask the speed layer to bring its view up to the records it has read, and wait for its next duty cycle to do
     * it (at once when the speed layer has stopped: the views answer as they are).
     */
    private void refresh()
    {
        if (readPosition == servedPosition)
        {
            return; // the view shows every record the speed run has read
        }
        final long ticket = refreshRequests.incrementAndGet();
        LockSupport.unpark(speedThread);
        for (int spins = 0; refreshed < ticket && speedThread.isAlive(); spins++)
        {
            if (spins < 1_000)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(10_000);
            }
        }
    }

    private long recordNumberAt(final long position)
    {
        try (dev.sluice.log.LogReader reader = log.openReader(position))
        {
            return reader.recordNumber();
        }
    }

    private void closeNext()
    {
        if (null != next)
        {
            next.job.close();
            next = null;
        }
    }

    private void awaitServing(final Generation generation)
    {
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    if (generation.serving.await(10, TimeUnit.MILLISECONDS))
                    {
                        return;
                    }
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
                if (null != speedFailure || !speedThread.isAlive())
                {
                    pending = null;
                    checkRunning();
                    throw new IllegalStateException("the speed layer stopped before serving " + generation.cutoff);
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private SpeedRun speedRun(final long from)
    {
        // the view shows what the speed run emitted at once when a reader asks: windows that fired and late updates
        // since the last look, and the running values of the open windows changed since then, all as of one record
        final MergeableResultView view = MergeableResultView.visibleAtFlush();
        // windows stay until the batch layer covers them, so a late event is counted as the batch run counts it;
        // running values are emitted when a reader asks, so a key that changes a thousand times between two reads is
        // copied once
        final Pipeline pipeline = speedPipeline.derive(source.withoutEnd().fromPosition(from), List.of(view),
            Long.MAX_VALUE, EarlyResults.onRequest());
        return new SpeedRun(pipeline.newJob(speedConfig), view, from);
    }

    private void checkRunning()
    {
        final Throwable failure = speedFailure;
        if (null != failure)
        {
            throw new IllegalStateException("the speed layer failed: " + failure + "; queries answer from the " +
                "views as they were, and a new LambdaJob over the log starts afresh", failure);
        }
        if (closed || stopRequested)
        {
            throw new IllegalStateException("this LambdaJob is closed: queries answer from its last views; start a " +
                "new one to move the cutoff");
        }
    }

    private Pipeline check(final Pipeline pipeline)
    {
        Objects.requireNonNull(pipeline, "the pipeline supplier returned null");
        if (!(pipeline.source() instanceof LogSource))
        {
            throw new PipelineDefinitionException("a Lambda architecture reads a log by position: give the pipeline " +
                "a LogSource (LogSource.range(log) or LogSource.tail(log)), not " + pipeline.source());
        }
        if (pipeline.isPassThrough())
        {
            throw new PipelineDefinitionException("a pass-through pipeline aggregates nothing, so there are no views to" +
                " merge: run it in a KappaDeployment, or give the Lambda layers an aggregating pipeline");
        }
        if (pipeline.windows().isMerging())
        {
            throw new PipelineDefinitionException(pipeline.windows() + " merge: a session can span the cutoff, so " +
                "the batch and speed views have no (window, key) to merge by; use TumblingWindows or GlobalWindows");
        }
        if (pipeline.watermarkStrategy().isNone())
        {
            throw new PipelineDefinitionException("WatermarkStrategy.none() runs only in BATCH, and the speed layer " +
                "streams: give withTimestamps a strategy such as WatermarkStrategy.boundedOutOfOrderness(maxDelayMs)");
        }
        if (null != stateLayout && !stateLayout.equals(pipeline.stateLayout()))
        {
            throw new PipelineDefinitionException("the pipeline supplier made a pipeline of another state layout (" +
                pipeline.stateLayout() + ", first " + stateLayout + "): its views would not merge; make the same " +
                "pipeline every time");
        }
        if (null != speedPipeline && pipeline.codec() == speedPipeline.codec())
        {
            throw new PipelineDefinitionException("the pipeline supplier returned pipelines sharing one codec, and " +
                "the layers decode on different threads: make a new codec in the supplier");
        }
        return pipeline;
    }
}
