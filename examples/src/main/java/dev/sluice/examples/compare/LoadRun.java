package dev.sluice.examples.compare;

import dev.sluice.core.CheckpointStats;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Job;
import dev.sluice.core.JobReport;
import dev.sluice.core.ParallelJob;
import dev.sluice.core.Parallelism;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.LogSource;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One mode under load: a {@link FixedRateProducer} appends orders to a fresh log at a fixed rate (event time = the
 * wall clock) while the mode consumes them, each on its own thread, and this thread samples the latencies and the
 * heap and prints a progress line a second.
 * <ul>
 *   <li>STREAMING follows the log's tail event by event, MICRO_BATCH takes what is new at each trigger; both show
 *       running values as the early-result policy says, into a {@link LatestResultView}, and spin when idle.</li>
 *   <li>BATCH runs on a schedule: every {@code batchEvery} a job over the records that arrived since the last run,
 *       up to the last complete window (one whose end plus the watermark bound the stream's clock has passed), so
 *       each scheduled run publishes only complete windows, as a periodic batch job does, and reads each event once;
 *       after the producer ends, one last run takes everything.</li>
 * </ul>
 * When the producer is done, the job reads what is left and, for the streaming modes, drains (fires what is still
 * open). MICRO_BATCH and STREAMING kept up when every event was read within 100 ms plus the trigger (or nothing) of
 * the producer's end; BATCH when every scheduled run ended before the next was due.
 *
 * <p>At parallelism P &gt; 1 each job is a {@link ParallelJob} of P workers over the same one log (worker 0 reads it
 * and sends each worker its keys' orders, as {@code sluice orders --parallelism P} does), with the same sinks, called
 * on the thread that runs the job; the recorder learns of events from the log itself ({@link AppendedEventsFeed}),
 * since the workers decode them; a watcher thread ends the job's input once everything appended was read. Its
 * workers and sink thread back off when idle (spin, yield, then park up to a millisecond) where the job on one thread
 * spins: P + 2 threads spinning on two cores would take the cores from each other.
 *
 * <p>Under load event time is each event's due time, in order, so the watermark needs no bound: a window could be
 * final the moment the stream's clock passes its end. Late events ({@code lateEvery}) come {@code lateDelayMillis}
 * behind. Threading: {@link #run} on one thread, which starts and ends the others.
 */
public final class LoadRun
{
    /** The watermark bound under load: events come in order, but late ones. */
    static final long WATERMARK_BOUND_MS = 0;
    private static final long START_LEAD_MS = 100;
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CATCH_UP_SLACK_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How often the job thread lets the recorder forget windows whose results are all final. */
    private static final long FORGET_EVERY_NS = TimeUnit.SECONDS.toNanos(1);
    /** How often a parallel run's watcher looks whether the job has read everything the producer appended. */
    private static final long WATCH_NS = TimeUnit.MICROSECONDS.toNanos(50);

    private final LoadSpec spec;
    private final Path dir;
    private final PrintWriter progress;
    private final String phase;
    private final boolean recount;
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    private FixedRateSchedule schedule;
    private FixedRateProducer producer;
    private ResultLatencyRecorder recorder;
    private LatestResultView view;
    private volatile long readByJob;
    private volatile Throwable jobFailure;
    private volatile boolean cancelled;

    // written by the job thread (or a parallel run's watcher, which it joins), read after it ended
    private long catchUpNs = -1;
    private long batches;
    private long longestBatchNs;
    private boolean scheduleKept = true;
    private long lateCounted;
    private long lateAccepted;
    private long lateDropped;
    private CheckpointStats checkpoints;

    /**
     * @param spec     what to run.
     * @param dir      an empty scratch directory for the log (and checkpoints); the caller deletes it.
     * @param progress where the line a second goes, or null.
     * @param phase    the progress line's first word.
     * @param recount  true to run BATCH over the log afterwards and compare its result with the view's.
     */
    public LoadRun(
        final LoadSpec spec, final Path dir, final PrintWriter progress, final String phase, final boolean recount)
    {
        this.spec = spec;
        this.dir = dir;
        this.progress = progress;
        this.phase = phase;
        this.recount = recount;
    }

    /**
     * @return what the run measured.
     * @throws CancellationException when this thread is interrupted; the other threads are ended first.
     */
    public LoadResult run()
    {
        try (Log log = Log.open(dir.resolve("log"), LogConfig.defaults()))
        {
            final long epochNowMs = System.currentTimeMillis();
            final long nowNs = clock.nanoTime();
            schedule = new FixedRateSchedule(nowNs + TimeUnit.MILLISECONDS.toNanos(START_LEAD_MS),
                epochNowMs + START_LEAD_MS, spec.eventsPerSecond());
            final OrdersWorkload defaults = OrdersWorkload.defaults();
            final OrdersWorkload workload = new OrdersWorkload(spec.seed(), spec.events(), schedule.startEpochMs(),
                spec.eventsPerSecond(), 0, spec.lateEvery(), spec.lateDelayMillis(), defaults.products(),
                defaults.regions(), defaults.customers());
            recorder = new ResultLatencyRecorder(schedule, WATERMARK_BOUND_MS, clock);
            if (spec.warmupNs() > 0)
            {
                recorder.warmUpUntil(schedule.startNs() + spec.warmupNs());
            }
            view = new LatestResultView();
            producer = new FixedRateProducer(new OrdersGenerator(workload), log.appender(), schedule, clock);

            final Thread producerThread = new Thread(producer, "sluice-compare-producer");
            final Thread jobThread = new Thread(() -> consume(log), "sluice-compare-" +
                Comparison.fileName(spec.mode(), spec.parallelism()));
            final LatencySeries eventToResult = new LatencySeries();
            final LatencySeries windowFinal = new LatencySeries();
            long peakHeap = 0;
            final long gcCountBefore = gcCount();
            final long gcMsBefore = gcMillis();
            producerThread.start();
            jobThread.start();
            try
            {
                Histogram e2r = null;
                Histogram wf = null;
                Histogram warmupE2r = null;
                Histogram warmupWf = null;
                long nextReportNs = schedule.startNs() + TimeUnit.SECONDS.toNanos(1);
                while (jobThread.isAlive())
                {
                    jobThread.join(TimeUnit.NANOSECONDS.toMillis(SAMPLE_NS));
                    peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                    final long now = clock.nanoTime();
                    if (now >= nextReportNs || !jobThread.isAlive())
                    {
                        final double seconds = (now - schedule.startNs()) / 1e9;
                        e2r = recorder.intervalEventToResult(e2r);
                        wf = recorder.intervalWindowFinal(wf);
                        warmupE2r = recorder.intervalWarmupEventToResult(warmupE2r);
                        warmupWf = recorder.intervalWarmupWindowFinal(warmupWf);
                        eventToResult.add(seconds, e2r, warmupE2r);
                        windowFinal.add(seconds, wf, warmupWf);
                        printProgress(seconds, e2r, warmupE2r);
                        nextReportNs += TimeUnit.SECONDS.toNanos(1);
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                cancelled = true;
                producer.stop();
                OrdersRun.joinUninterruptibly(jobThread);
                OrdersRun.joinUninterruptibly(producerThread);
                throw new CancellationException("the " + modeName() + " run under load was interrupted");
            }
            finally
            {
                producer.stop();
                OrdersRun.joinUninterruptibly(producerThread);
            }
            if (null != producer.failure())
            {
                throw new IllegalStateException("the producer failed: " + producer.failure(), producer.failure());
            }
            if (null != jobFailure)
            {
                throw new IllegalStateException("the " + modeName() + " job failed: " + jobFailure, jobFailure);
            }

            if (recorder.unmatched() != 0)
            {
                throw new IllegalStateException(recorder.unmatched() + " results of the " + modeName() + " run " +
                    "counted events the job had not read: the latency recorder was fed wrongly, its figures are void");
            }
            final long gcCount = gcCount();
            final long gcMs = gcMillis();
            final List<ResultRow> rows = view.rows();
            long viewOrders = 0;
            if (!rows.isEmpty())
            {
                final int orders = rows.get(0).schema().fieldIndex(Orders5m.ORDERS);
                for (final ResultRow row : rows)
                {
                    viewOrders += row.longValue(orders);
                }
            }
            final String recountChecksum = recount ? recountChecksum(log) : null;
            // a scheduled batch keeps up when each run ends before the next is due (its last run waits for its
            // slot after the producer's end, up to a whole period); the others when they read everything promptly
            final boolean caughtUp = spec.mode() == ExecutionMode.BATCH ? scheduleKept :
                catchUpNs >= 0 && catchUpNs <= spec.periodNs() + CATCH_UP_SLACK_NS;
            return new LoadResult(spec, producer.appended(), producer.lagNs(), eventToResult, windowFinal,
                recorder.shown(), lateCounted, lateAccepted, lateDropped, catchUpNs, caughtUp,
                batches, longestBatchNs, checkpoints, recorder.peakOpenGroups(), peakHeap, gcCount - gcCountBefore,
                TimeUnit.MILLISECONDS.toNanos(gcMs - gcMsBefore), Orders5m.checksum(rows), recountChecksum,
                viewOrders);
        }
    }

    private void consume(final Log log)
    {
        try
        {
            if (spec.mode() == ExecutionMode.BATCH)
            {
                consumeOnSchedule(log);
            }
            else if (spec.parallelism() == 1)
            {
                consumeFollowing(log);
            }
            else
            {
                consumeFollowingInParallel(log);
            }
        }
        catch (final Throwable ex)
        {
            jobFailure = ex;
            producer.stop();
        }
    }

    private void consumeFollowing(final Log log)
    {
        final ResultProbe probe = new ResultProbe(clock, recorder);
        final Pipeline pipeline = Orders5m.define(
            Pipeline.from(LogSource.tail(log), new ProbedOrderCodec(recorder, spec.windowMillis())),
            WATERMARK_BOUND_MS, spec.windowMillis())
            .earlyResults(spec.earlyResults())
            .sink(view)
            .sink(probe)
            .build();
        final IdleStrategy idle = new BusySpinIdleStrategy();
        final ExecutionConfig config = followingConfig().idleStrategy(idle);
        final JobReport report;
        try (Job job = pipeline.newJob(config))
        {
            long loops = 0;
            long forgetAtNs = clock.nanoTime() + FORGET_EVERY_NS;
            while (!cancelled)
            {
                final int work = job.doWork();
                if ((++loops & 0xFFF) == 0 && clock.nanoTime() >= forgetAtNs)
                {
                    recorder.forgetFinalWindowsBefore(Long.MAX_VALUE);
                    forgetAtNs += FORGET_EVERY_NS;
                }
                final long read = job.recordsIn();
                readByJob = read;
                final long producerEndNs = producer.endNs();
                if (producerEndNs != 0 && read >= producer.appended())
                {
                    catchUpNs = Math.max(0, clock.nanoTime() - producerEndNs);
                    break;
                }
                idle.idle(work);
            }
            recorder.endOfStream(schedule.dueNs(Math.max(0, producer.appended() - 1)));
            report = job.drain();
            checkpoints = job.checkpointStats();
            batches = report.batches();
        }
        lateDropped = report.eventsLate();
        lateAccepted = report.eventsLateAccepted();
        lateCounted = lateDropped + lateAccepted;
    }

    /**
     * @return the configuration of a MICRO_BATCH or STREAMING job under load, at any parallelism.
     */
    private ExecutionConfig followingConfig()
    {
        final ExecutionConfig config = ExecutionConfig.of(spec.mode());
        if (spec.mode() == ExecutionMode.MICRO_BATCH)
        {
            config.triggerInterval(spec.triggerNs(), TimeUnit.NANOSECONDS).maxRecordsPerBatch(0);
        }
        if (null != spec.checkpointEvery())
        {
            config.checkpointing(LoadSpec.checkpointConfig(spec.checkpointEvery(), dir.resolve("checkpoints")));
        }
        return config;
    }

    private void consumeFollowingInParallel(final Log log)
    {
        final JobReport report;
        try (AppendedEventsFeed feed = new AppendedEventsFeed(log, recorder, spec.windowMillis(), clock))
        {
            final ResultProbe probe = new ResultProbe(clock, recorder).feedingFrom(feed);
            // the pipeline once per worker (codecs are not thread-safe), the same sinks for all
            final Supplier<Pipeline> pipelines = () -> Orders5m.define(
                Pipeline.from(LogSource.tail(log), new OrderEventCodec()), WATERMARK_BOUND_MS, spec.windowMillis())
                .earlyResults(spec.earlyResults())
                .sink(view)
                .sink(probe)
                .build();
            try (ParallelJob job = ParallelJob.create(pipelines, followingConfig(),
                Parallelism.of(spec.parallelism())))
            {
                final Thread watcher = new Thread(() -> endInputWhenRead(job), "sluice-compare-watcher");
                watcher.start();
                try
                {
                    report = job.run();
                }
                finally
                {
                    job.stop();
                    OrdersRun.joinUninterruptibly(watcher);
                }
                checkpoints = job.checkpointStats();
            }
        }
        batches = report.batches();
        lateDropped = report.eventsLate();
        lateAccepted = report.eventsLateAccepted();
        lateCounted = lateDropped + lateAccepted;
    }

    /**
     * The watcher of a parallel run, on a thread of its own (the job's run() holds the job thread): once the producer
     * is done and the workers have read all it appended, the job's input ends and it drains; on a cancel it stops.
     */
    private void endInputWhenRead(final ParallelJob job)
    {
        while (!job.isStopRequested())
        {
            if (cancelled)
            {
                job.stop();
                return;
            }
            final long read = job.recordsIn();
            readByJob = read;
            final long producerEndNs = producer.endNs();
            if (producerEndNs != 0 && read >= producer.appended())
            {
                catchUpNs = Math.max(0, clock.nanoTime() - producerEndNs);
                recorder.endOfStream(schedule.dueNs(Math.max(0, producer.appended() - 1)));
                job.drain();
                return;
            }
            LockSupport.parkNanos(WATCH_NS);
        }
    }

    private void consumeOnSchedule(final Log log)
    {
        final AppendedEventsFeed feed = spec.parallelism() == 1 ? null :
            new AppendedEventsFeed(log, recorder, spec.windowMillis(), clock);
        try
        {
            runOnSchedule(log, feed);
        }
        finally
        {
            if (null != feed)
            {
                feed.close();
            }
        }
    }

    private void runOnSchedule(final Log log, final AppendedEventsFeed feed)
    {
        final ResultProbe probe = new ResultProbe(clock, recorder).everyResultFinal(true).feedingFrom(feed);
        // counted by the thread that reads the log: this one, or a parallel job's worker 0
        final AtomicLong late = new AtomicLong();
        long fromRecord = 0;
        long lowerMs = Long.MIN_VALUE;
        for (long run = 1; !cancelled; run++)
        {
            final long tickNs = schedule.startNs() + run * spec.batchEveryNs();
            long nowNs;
            while ((nowNs = clock.nanoTime()) < tickNs && !cancelled)
            {
                LockSupport.parkNanos(Math.min(tickNs - nowNs, SAMPLE_NS));
            }
            final boolean last = producer.endNs() != 0;
            final long appended = producer.appended();
            final long toRecord;
            final long upperMs;
            if (last)
            {
                toRecord = appended;
                upperMs = Long.MAX_VALUE;
                recorder.endOfStream(schedule.dueNs(Math.max(0, appended - 1)));
            }
            else
            {
                // the windows whose end plus the bound the newest event's time has reached are complete
                final long newestMs = appended == 0 ? Long.MIN_VALUE : schedule.eventTimeMs(appended - 1);
                upperMs = appended == 0 ? Long.MIN_VALUE :
                    Math.floorDiv(newestMs - WATERMARK_BOUND_MS, spec.windowMillis()) * spec.windowMillis();
                toRecord = appended == 0 ? 0 : Math.min(appended, schedule.firstIndexAtOrAfter(upperMs));
            }
            if (toRecord > fromRecord)
            {
                final long lower = lowerMs;
                final long upper = upperMs;
                final Predicate<OrderEvent> inRange = event ->
                {
                    // a late event of a window an earlier run published: a scheduled batch leaves it out
                    final boolean keep = event.eventTimeMillis() >= lower && event.eventTimeMillis() < upper;
                    if (!keep)
                    {
                        late.incrementAndGet();
                    }
                    return keep;
                };
                final LogSource range = LogSource.range(log).fromRecord(fromRecord).toRecord(toRecord);
                final long startNs = clock.nanoTime();
                // the run leaves out late events itself (inRange, counted): its BATCH keeps every one it is given
                final ExecutionConfig batch = ExecutionConfig.batch().batchStateBound(0);
                final JobReport report;
                if (null == feed)
                {
                    report = Orders5m.define(Pipeline.from(range, new ProbedOrderCodec(recorder, spec.windowMillis()))
                        .filter(inRange), WATERMARK_BOUND_MS, spec.windowMillis())
                        .sink(view)
                        .sink(probe)
                        .build()
                        .run(batch);
                }
                else
                {
                    // the reading worker filters every event; an owner decodes a record sent to it again and
                    // filters it again, but only events that passed were sent, so each late one counts once
                    final Supplier<Pipeline> pipelines = () -> Orders5m.define(
                        Pipeline.from(range, new OrderEventCodec()).filter(inRange), WATERMARK_BOUND_MS,
                        spec.windowMillis()).sink(view).sink(probe).build();
                    try (ParallelJob job = ParallelJob.create(pipelines, batch,
                        Parallelism.of(spec.parallelism())))
                    {
                        report = job.run();
                    }
                }
                final long endNs = clock.nanoTime();
                // the accounting rests on each run reading exactly its records and publishing windows no other run
                // does: say which broke rather than let the counts disagree later
                if (report.recordsIn() != toRecord - fromRecord)
                {
                    throw new IllegalStateException("scheduled run " + run + " read " + report.recordsIn() +
                        " records of [" + fromRecord + ", " + toRecord + ")");
                }
                if (recorder.finalAgain() != 0)
                {
                    throw new IllegalStateException("scheduled run " + run + " published " + recorder.finalAgain() +
                        " (window, key) results an earlier run had published: its event-time range [" + lower +
                        ", " + upper + ") overlapped an earlier one");
                }
                batches++;
                longestBatchNs = Math.max(longestBatchNs, endNs - startNs);
                if (endNs > tickNs + spec.batchEveryNs())
                {
                    // still running when the next run was due
                    scheduleKept = false;
                }
                readByJob = toRecord;
                fromRecord = toRecord;
                lowerMs = upperMs;
                recorder.forgetFinalWindowsBefore(upperMs == Long.MAX_VALUE ? Long.MIN_VALUE : upperMs);
                if (last)
                {
                    catchUpNs = Math.max(0, endNs - producer.endNs());
                }
            }
            if (last)
            {
                break;
            }
        }
        lateDropped = late.get();
        lateCounted = late.get();
    }

    private String recountChecksum(final Log log)
    {
        final LatestResultView recountView = new LatestResultView();
        // the exact recount: every event, none judged late, however long the log
        Orders5m.define(Pipeline.from(LogSource.range(log), new OrderEventCodec()), WATERMARK_BOUND_MS,
            spec.windowMillis()).sink(recountView).build().run(ExecutionConfig.batch().batchStateBound(0));
        return Orders5m.checksum(recountView.rows());
    }

    private void printProgress(final double seconds, final Histogram measured, final Histogram warmup)
    {
        if (null == progress)
        {
            return;
        }
        final Histogram interval;
        if (warmup.getTotalCount() == 0)
        {
            interval = measured;
        }
        else
        {
            interval = warmup.copy();
            interval.add(measured);
        }
        final long appended = producer.appended();
        progress.printf(Locale.ROOT, "%-8s %-11s %6.1fs  offered %,d events (%,d/s, " +
            "producer %s behind)  read %,d  lag %,d  event-to-result p99 %s max %s%s%n", phase, modeName(), seconds,
            appended, spec.eventsPerSecond(), Figures.duration(producer.lagNs()), readByJob,
            Math.max(0, appended - readByJob),
            interval.getTotalCount() == 0 ? "-" : Figures.duration(interval.getValueAtPercentile(99)),
            interval.getTotalCount() == 0 ? "-" : Figures.duration(interval.getMaxValue()),
            warmup.getTotalCount() == 0 ? "" : "  (warm-up, not in the percentiles)");
        progress.flush();
    }

    private static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long gcMillis()
    {
        long ms = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private String modeName()
    {
        return Comparison.label(spec.mode(), spec.parallelism());
    }
}
