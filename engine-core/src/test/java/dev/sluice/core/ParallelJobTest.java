package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.JobFailedException;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.function.RecordErrorHandler;
import dev.sluice.core.sink.IdempotentLogSink;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.source.PartitionedLogSource;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.log.KeyGroups;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.PartitionedLog;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelJobTest
{
    private static final LogConfig SMALL = LogConfig.builder().segmentLength(1 << 16).maxRecordLength(1000).build();

    @TempDir
    Path dir;

    private static List<TestEvent> events(final int count, final int keys)
    {
        final List<TestEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            events.add(new TestEvent(i % keys, i, i % 13));
        }
        return events;
    }

    private static InMemoryLog log(final List<TestEvent> events)
    {
        final InMemoryLog log = new InMemoryLog();
        Pipelines.append(log, events.toArray(new TestEvent[0]));
        return log;
    }

    private static Supplier<Pipeline> counting(final Source source, final LatestResultView view)
    {
        return () -> Pipelines.define(source, 100, WatermarkStrategy.boundedOutOfOrderness(5), view).build();
    }

    @Test
    void shouldRefuseASupplierThatGivesEveryWorkerTheSameCodecOrItsOwnSinks()
    {
        final Source source = log(events(10, 2)).all();
        final Pipeline one = Pipelines.pipeline(source, 100, 5, new LatestResultView());
        final PipelineDefinitionException same = assertThrows(PipelineDefinitionException.class,
            () -> ParallelJob.create(() -> one, ExecutionConfig.batch(), Parallelism.of(2)));
        assertTrue(same.getMessage().contains("same pipeline"), same.getMessage());
        final PipelineDefinitionException ownSinks = assertThrows(PipelineDefinitionException.class,
            () -> ParallelJob.create(() -> Pipelines.pipeline(source, 100, 5, new LatestResultView()),
                ExecutionConfig.batch(), Parallelism.of(2)));
        assertTrue(ownSinks.getMessage().contains("new sink"), ownSinks.getMessage());
    }

    @Test
    void shouldRefuseASinkThatNeedsResultsReplayedInTheirOrder()
    {
        final Source source = log(events(10, 2)).all();
        try (Log results = Log.open(dir.resolve("results"), SMALL))
        {
            final IdempotentLogSink sink = new IdempotentLogSink(results);
            final PipelineDefinitionException ex = assertThrows(PipelineDefinitionException.class,
                () -> ParallelJob.create(() -> Pipelines.define(source, 100,
                    WatermarkStrategy.boundedOutOfOrderness(5), sink).build(),
                    ExecutionConfig.streaming().checkpointing(CheckpointConfig.in(dir.resolve("cp"))),
                    Parallelism.of(2)));
            assertTrue(ex.getMessage().contains("EpochFileSink"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseAPassThroughPipelineWhoseOutputLogOneThreadWrites()
    {
        final Source source = log(events(10, 2)).all();
        final List<Object> out = new ArrayList<>();
        final dev.sluice.core.sink.EventSink<Object> sink = out::add;
        final PipelineDefinitionException ex = assertThrows(PipelineDefinitionException.class,
            () -> ParallelJob.create(() -> Pipeline.from(source, new TestEvent.TestCodec()).passThrough(sink).build(),
                ExecutionConfig.batch(), Parallelism.of(2)));
        assertTrue(ex.getMessage().contains("run it as a Job"), ex.getMessage());
        assertTrue(out.isEmpty());
    }

    @Test
    void shouldTellAJobOnOneThreadToRunSeveralPartitionsInParallel()
    {
        try (PartitionedLog log = PartitionedLog.open(dir, 2, SMALL))
        {
            final Pipeline pipeline = Pipelines.pipeline(PartitionedLogSource.range(log), 100, 5,
                new LatestResultView());
            final PipelineDefinitionException ex = assertThrows(PipelineDefinitionException.class,
                () -> pipeline.run(ExecutionMode.BATCH));
            assertTrue(ex.getMessage().contains("ParallelJob"), ex.getMessage());
        }
    }

    @Test
    void shouldFailTheJobAndStopEveryWorkerWhenOneFails()
    {
        final List<TestEvent> events = events(5_000, 16);
        events.set(2_500, new TestEvent(3, 2_500, TestEvent.TestCodec.POISON));
        final Source source = log(events).all();
        final LatestResultView view = new LatestResultView();
        try (ParallelJob job = ParallelJob.create(() -> Pipelines.define(source, 100,
            WatermarkStrategy.boundedOutOfOrderness(5), view).onRecordError(RecordErrorHandler.failJob()).build(),
            ExecutionConfig.streaming(), Parallelism.of(4)))
        {
            final JobFailedException ex = assertThrows(JobFailedException.class, job::run);
            assertTrue(ex.getMessage().contains("poison"), ex.getMessage());
        }
    }

    @Test
    void shouldBackPressureTheReaderWhenAWorkerIsSlowWithoutLosingAnything()
    {
        // one input, read by worker 0; worker 1 owns about half the keys and takes 20 us per event of its own
        final List<TestEvent> events = events(20_000, 64);
        final Source source = log(events).all();
        final AtomicLong sentToSlow = new AtomicLong();
        final AtomicLong takenBySlow = new AtomicLong();
        final AtomicLong mostInFlight = new AtomicLong();
        final LatestResultView view = new LatestResultView();
        final int queueBytes = 4096;
        final JobReport report;
        final long backPressured;
        try (ParallelJob job = ParallelJob.create(() -> Pipeline.from(source, new TestEvent.TestCodec())
            .filter(e ->
            {
                final String thread = Thread.currentThread().getName();
                if (thread.equals("sluice-worker-1"))
                {
                    final long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until)
                    {
                        Thread.onSpinWait();
                    }
                    takenBySlow.incrementAndGet();
                }
                else if (KeyGroups.ownerOfKey(e.key, KeyGroups.DEFAULT_KEY_GROUPS, 2) == 1)
                {
                    final long inFlight = sentToSlow.incrementAndGet() - takenBySlow.get();
                    mostInFlight.accumulateAndGet(inFlight, Math::max);
                }
                return true;
            })
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(5))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(100))
            .aggregate(Reference.aggregations())
            .sink(view)
            .build(), ExecutionConfig.streaming(), Parallelism.of(2).exchangeQueueBytes(queueBytes)))
        {
            report = job.run();
            backPressured = job.backPressuredSends();
        }
        assertEquals(Reference.groupBy(events, 100, 0), Reference.of(view.rows()));
        assertEquals(events.size(), report.eventsIn());
        assertTrue(takenBySlow.get() > 5_000, "worker 1 took " + takenBySlow);
        assertTrue(backPressured > 0, "the reader never waited for the slow worker");
        // a record takes 64 bytes of the queue (8 of header, 32 of exchange header, 24 of payload): the queue is all the
        // reader ever got ahead of the slow worker by, give or take the record each of them is on
        assertTrue(mostInFlight.get() <= queueBytes / 64 + 2, "in flight: " + mostInFlight);
    }

    @Test
    void shouldReadPartitionsRoutedByKeyOnTheWorkersThatOwnTheKeysAndExchangeTheRest() throws Exception
    {
        final List<TestEvent> events = events(4_000, 50);
        try (PartitionedLog log = PartitionedLog.open(dir, 4, SMALL))
        {
            final TestEvent.TestCodec codec = new TestEvent.TestCodec();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            for (final TestEvent e : events)
            {
                log.append(e.key, buffer, 0, codec.encode(e, buffer, 0));
            }
            final Source source = PartitionedLogSource.range(log);
            for (final int parallelism : new int[]{ 1, 2, 4 })
            {
                final LatestResultView view = new LatestResultView();
                try (ParallelJob job = ParallelJob.create(counting(source, view), ExecutionConfig.streaming(),
                    Parallelism.of(parallelism)))
                {
                    job.run();
                    // 4 partitions over the same key groups as the job: each read where its keys are
                    assertEquals(0, job.recordsExchanged(), "parallelism " + parallelism);
                }
                assertEquals(Reference.groupBy(events, 100, 0), Reference.of(view.rows()));
            }
            final LatestResultView view = new LatestResultView();
            try (ParallelJob job = ParallelJob.create(counting(source, view), ExecutionConfig.streaming(),
                Parallelism.of(3)))
            {
                job.run();
                // 4 partitions over 3 workers do not line up: records of the keys of another worker go there
                assertTrue(job.recordsExchanged() > 0);
            }
            assertEquals(Reference.groupBy(events, 100, 0), Reference.of(view.rows()));
        }
    }

    @Test
    void shouldLeaveAnIdlePartitionOutOfTheWatermarkAfterItsTimeout() throws Exception
    {
        final CachedNanoClock clock = new CachedNanoClock();
        final List<TestEvent> events = events(1_000, 3);
        try (PartitionedLog log = PartitionedLog.open(dir, 2, SMALL))
        {
            final TestEvent.TestCodec codec = new TestEvent.TestCodec();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            for (final TestEvent e : events)
            {
                // every record in partition 0; partition 1 stays empty
                log.appender(0).append(buffer, 0, codec.encode(e, buffer, 0));
            }
            final LatestResultView view = new LatestResultView();
            final Source source = PartitionedLogSource.tail(log);
            try (ParallelJob job = ParallelJob.create(() -> Pipelines.define(source, 100,
                WatermarkStrategy.<TestEvent>boundedOutOfOrderness(5).withIdleTimeout(1, TimeUnit.SECONDS), view)
                .build(), ExecutionConfig.streaming().nanoClock(clock), Parallelism.of(2)))
            {
                final AtomicReference<Throwable> failure = new AtomicReference<>();
                final Thread runner = new Thread(() ->
                {
                    try
                    {
                        job.run();
                    }
                    catch (final Throwable ex)
                    {
                        failure.set(ex);
                    }
                }, "runner");
                runner.start();
                awaitTrue(() -> job.recordsIn() == events.size(), "every record read");
                Thread.sleep(100);
                // the empty partition's watermark holds every window back
                assertTrue(view.rows().isEmpty(), view.rows().toString());

                clock.update(TimeUnit.SECONDS.toNanos(2));
                // past its idle timeout it no longer counts: the windows partition 0's watermark passed fire
                awaitTrue(() -> view.rows().size() >= 9 * 3, "windows fired without the idle partition");

                job.drain();
                runner.join(10_000);
                assertFalse(runner.isAlive());
                assertEquals(null, failure.get());
            }
            assertEquals(Reference.groupBy(events, 100, 0), Reference.of(view.rows()));
        }
    }

    @Test
    void shouldStopWithACheckpointAndGoOnAtAnotherParallelismWithKeysOfAnyType() throws Exception
    {
        final List<TestEvent> events = events(3_000, 17);
        final Source source = log(events).all();
        final LatestResultView expected = new LatestResultView();
        final Function3 define = (src, view) -> () -> Pipeline.from(src, new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(5))
            .keyBy(e -> "user-" + e.key, KeyType.strings())
            .window(TumblingWindows.of(100))
            .aggregate(Aggregations.count("n"), Aggregations.sum("total", TestEvent::value),
                Aggregations.distinctCount("distinct", TestEvent::value))
            .sink(view)
            .build();
        try (ParallelJob job = ParallelJob.create(define.of(source, expected), ExecutionConfig.streaming(),
            Parallelism.of(1)))
        {
            job.run();
        }

        final CheckpointConfig checkpoints = CheckpointConfig.in(dir).identity("users", 1);
        final LatestResultView first = new LatestResultView();
        try (ParallelJob job = ParallelJob.create(define.of(SlowedSource.of(source, 100_000), first),
            ExecutionConfig.streaming().pollLimit(7).checkpointing(checkpoints), Parallelism.of(4)))
        {
            final Thread runner = new Thread(job::run, "runner");
            runner.start();
            awaitTrue(() -> job.recordsIn() >= 500, "500 records read");
            job.stopWithCheckpoint();
            runner.join(10_000);
            assertFalse(runner.isAlive());
            assertTrue(job.recordsIn() < events.size(), "stopped mid-way");
        }
        final LatestResultView second = new LatestResultView();
        final JobReport report;
        try (ParallelJob job = ParallelJob.create(define.of(source, second),
            ExecutionConfig.streaming().checkpointing(checkpoints), Parallelism.of(2)))
        {
            assertTrue(job.checkpointStats().restoredFromId() > 0);
            report = job.run();
        }
        assertEquals(events.size(), report.eventsIn());
        assertEquals(rows(expected), rows(second));
        assertEquals(6, second.get(0L, "user-3").longValue("n"));
    }

    @Test
    void shouldCheckpointMicroBatchesAsTheyComeWhenNoSpacingIsGiven()
    {
        final List<TestEvent> events = events(2_000, 8);
        final Source source = SlowedSource.of(log(events).all(), 20_000);
        final LatestResultView view = new LatestResultView();
        final CheckpointStats stats;
        try (ParallelJob job = ParallelJob.create(counting(source, view),
            ExecutionConfig.microBatch().maxRecordsPerBatch(100)
                .checkpointing(CheckpointConfig.in(dir).identity("every-micro-batch", 1)), Parallelism.of(2)))
        {
            job.run();
            stats = job.checkpointStats();
        }
        // 2,000 records read over 40 ms in batches of 100: checkpoints along the way, not only the final one
        assertTrue(stats.taken() > 2, stats.toString());
        assertEquals(Reference.groupBy(events, 100, 0), Reference.of(view.rows()));
    }

    private interface Function3
    {
        Supplier<Pipeline> of(Source source, LatestResultView view);
    }

    private static List<String> rows(final LatestResultView view)
    {
        final List<String> rows = new ArrayList<>();
        for (final ResultRow row : view.rows())
        {
            rows.add(row.toString());
        }
        return rows;
    }

    private static void awaitTrue(final java.util.function.BooleanSupplier condition, final String what)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(2);
        }
    }
}
