package dev.sluice.core;

import dev.sluice.core.sink.CollectingSink;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * When checkpoints are taken: every N records (exactly, the poll is cut there), every T of the injectable
 * processing-time clock, at micro-batch boundaries, on demand, at the end of input; and the listener's phases.
 */
class JobCheckpointTest
{
    @TempDir
    Path dir;

    private final List<String> phases = new ArrayList<>();

    private InMemoryLog log(final int events)
    {
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        for (int i = 0; i < events; i++)
        {
            log.append(codec, new TestEvent(i % 3, i * 10L, i));
        }
        return log;
    }

    private Pipeline pipeline(final InMemoryLog log, final List<String> durable)
    {
        return Pipeline.from(log.follow(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(5))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(100))
            .aggregate(dev.sluice.core.aggregate.Aggregations.count("n"))
            .sink(new RecordingSink(durable))
            .build();
    }

    private CheckpointConfig config()
    {
        return CheckpointConfig.in(dir).identity("job-test", 1)
            .listener((phase, id) -> phases.add(phase + ":" + id));
    }

    @Test
    void shouldCheckpointAtExactlyEveryNRecords()
    {
        final InMemoryLog log = log(1000);
        try (Job job = pipeline(log, new ArrayList<>())
            .newJob(ExecutionConfig.streaming().pollLimit(64).checkpointing(config().everyRecords(300))))
        {
            while (job.recordsIn() < 1000)
            {
                job.doWork();
            }
            assertEquals(3, job.checkpointStats().taken());
            assertEquals(List.of("SINKS_PRE_COMMITTED:1", "FILE_WRITTEN:1", "DURABLE:1", "COMMITTED:1"),
                phases.subList(0, 4));
        }
        // the newest checkpoint is at record 900 exactly: a restored job reads the 100 after it
        try (Job restored = pipeline(log, new ArrayList<>())
            .newJob(ExecutionConfig.streaming().checkpointing(config().everyRecords(300))))
        {
            assertEquals(3, restored.checkpointStats().restoredFromId());
            assertEquals(900, restored.recordsIn());
            assertEquals(100, restored.doWork() + restored.doWork());
        }
    }

    @Test
    void shouldCheckpointByProcessingTimeOnlyWhenSomethingHappened()
    {
        final InMemoryLog log = log(10);
        final CachedNanoClock clock = new CachedNanoClock();
        try (Job job = pipeline(log, new ArrayList<>()).newJob(ExecutionConfig.streaming().nanoClock(clock)
            .checkpointing(config().everyInterval(200, TimeUnit.MILLISECONDS))))
        {
            job.doWork();
            assertEquals(0, job.checkpointStats().taken());
            clock.advance(TimeUnit.MILLISECONDS.toNanos(200));
            job.doWork();
            assertEquals(1, job.checkpointStats().taken());
            clock.advance(TimeUnit.MILLISECONDS.toNanos(500));
            job.doWork();
            assertEquals(1, job.checkpointStats().taken(), "nothing new: the last checkpoint is still current");
            Pipelines.append(log, new TestEvent(1, 500, 1));
            job.doWork();
            clock.advance(TimeUnit.MILLISECONDS.toNanos(200));
            job.doWork();
            assertEquals(2, job.checkpointStats().taken());
        }
    }

    @Test
    void shouldCheckpointOnDemandAndOnRequest()
    {
        final InMemoryLog log = log(10);
        try (Job job = pipeline(log, new ArrayList<>()).newJob(ExecutionConfig.streaming().checkpointing(config())))
        {
            job.doWork();
            assertEquals(1, job.checkpoint());
            job.requestCheckpoint();
            job.doWork();
            assertEquals(2, job.checkpointStats().taken());
            assertEquals(2, job.checkpointStats().lastId());
            assertTrue(job.checkpointStats().lastBytes() > 0);
        }
        try (Job plain = pipeline(log, new ArrayList<>()).newJob(ExecutionConfig.streaming()))
        {
            assertThrows(IllegalStateException.class, plain::checkpoint);
            assertNull(plain.checkpointStats());
        }
    }

    @Test
    void shouldCheckpointEveryMicroBatchWhenNoSpacingIsGivenAndAtTheEnd()
    {
        final InMemoryLog log = log(100);
        final Pipeline pipeline = Pipeline.from(log.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(5))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(100))
            .aggregate(dev.sluice.core.aggregate.Aggregations.count("n"))
            .sink(new RecordingSink(new ArrayList<>()))
            .build();
        try (Job job = pipeline.newJob(ExecutionConfig.microBatch().maxRecordsPerBatch(30).checkpointing(config())))
        {
            job.run();
            // 4 micro-batches (30, 30, 30, 10) and the end of input
            assertEquals(5, job.checkpointStats().taken());
        }
        // a rerun finds the job done
        try (Job rerun = pipeline.newJob(ExecutionConfig.microBatch().maxRecordsPerBatch(30).checkpointing(config())))
        {
            assertTrue(rerun.isDone());
            assertEquals(100, rerun.run().eventsIn());
        }
    }

    @Test
    void shouldAcceptPlainSinksAtLeastOnceAndRefuseAnotherMode()
    {
        final InMemoryLog log = log(50);
        final Pipeline pipeline = Pipeline.from(log.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(5))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(100))
            .aggregate(dev.sluice.core.aggregate.Aggregations.count("n"))
            .sink(new CollectingSink())
            .build();
        final CheckpointConfig atLeastOnce = config().everyRecords(20).guarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        try (Job job = pipeline.newJob(ExecutionConfig.streaming().pollLimit(7).checkpointing(atLeastOnce)))
        {
            while (job.recordsIn() < 30)
            {
                job.doWork();
            }
        }
        final dev.sluice.core.checkpoint.CheckpointException ex = assertThrows(
            dev.sluice.core.checkpoint.CheckpointException.class,
            () -> pipeline.newJob(ExecutionConfig.microBatch().checkpointing(atLeastOnce)));
        assertTrue(ex.getMessage().contains("taken by a STREAMING run"), ex.getMessage());
    }
}
