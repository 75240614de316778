package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.sink.CollectingSink;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an application embedding a job lives with: a report other threads can read while the job runs, a stop
 * that checkpoints so a later job goes on from there, and a close that closes what the job opened, not the sinks.
 */
class JobLifecycleTest
{
    private static final int EVENTS = 5_000;

    @TempDir
    Path dir;

    private final TestEvent.TestCodec codec = new TestEvent.TestCodec();

    private InMemoryLog log(final int from, final int to, final InMemoryLog log)
    {
        for (int i = from; i < to; i++)
        {
            log.append(codec, new TestEvent(i % 7, i * 10L, i));
        }
        return log;
    }

    private Pipeline pipeline(final InMemoryLog log, final ResultSink sink)
    {
        return Pipeline.from(log.follow(), codec)
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(5))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(1_000))
            .aggregate(Aggregations.count("n"), Aggregations.sum("total", TestEvent::value))
            .sink(sink)
            .build();
    }

    @Test
    void shouldPublishAConsistentReportToOtherThreadsWhileItRuns() throws Exception
    {
        final InMemoryLog log = log(0, EVENTS, new InMemoryLog());
        final Job job = pipeline(log, new CollectingSink()).newJob(ExecutionConfig.streaming().pollLimit(100));
        assertEquals(0, job.publishedReport().recordsIn());
        final AtomicReference<JobReport> finalReport = new AtomicReference<>();
        final Thread runner = new Thread(() -> finalReport.set(job.run()), "job");
        runner.start();
        try
        {
            // the tail never ends: the job reads everything, then idles; this thread only watches
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            JobReport seen = job.publishedReport();
            while (seen.recordsIn() < EVENTS && System.nanoTime() < deadline)
            {
                final JobReport next = job.publishedReport();
                assertTrue(next.recordsIn() >= seen.recordsIn(), "published reports go forward");
                // one report is one moment: every event read was counted in or late, none more
                assertEquals(next.recordsIn(), next.eventsIn(), "records and events of one report");
                seen = next;
                Thread.sleep(5);
            }
            assertEquals(EVENTS, seen.recordsIn());
        }
        finally
        {
            job.stop();
            runner.join(10_000);
        }
        assertFalse(runner.isAlive());
        assertEquals(EVENTS, finalReport.get().recordsIn());
        assertEquals(finalReport.get().recordsIn(), job.publishedReport().recordsIn());
        job.close();
    }

    @Test
    void shouldStopWithACheckpointThatALaterJobGoesOnFrom() throws Exception
    {
        final InMemoryLog log = log(0, EVENTS, new InMemoryLog());
        final CheckpointConfig checkpoints = CheckpointConfig.in(dir).identity("lifecycle", 1)
            .everyInterval(1, TimeUnit.HOURS);
        final LatestResultView view = new LatestResultView();
        final Job first = pipeline(log, view).newJob(ExecutionConfig.streaming().checkpointing(checkpoints));
        final Thread runner = new Thread(first::run, "job");
        runner.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (first.publishedReport().recordsIn() < EVENTS && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        first.stopWithCheckpoint();
        runner.join(10_000);
        assertFalse(runner.isAlive());
        first.close();
        assertEquals(1, first.checkpointStats().taken(), "the stop's checkpoint");

        // more events arrive; a new job goes on from where the first stopped, then the input ends
        log(EVENTS, 2 * EVENTS, log);
        final LatestResultView resumedView = new LatestResultView();
        try (Job second = pipeline(log, resumedView).newJob(ExecutionConfig.streaming().checkpointing(checkpoints)))
        {
            assertEquals(EVENTS, second.recordsIn(), "restored at the stop");
            while (second.recordsIn() < 2 * EVENTS)
            {
                second.doWork();
            }
            second.drain();
        }
        final LatestResultView whole = new LatestResultView();
        try (Job uninterrupted = pipeline(log, whole).newJob(ExecutionConfig.streaming()))
        {
            while (uninterrupted.recordsIn() < 2 * EVENTS)
            {
                uninterrupted.doWork();
            }
            uninterrupted.drain();
        }
        assertEquals(whole.rows(), resumedView.rows());
        assertEquals(2 * EVENTS, whole.rows().stream().mapToLong(row -> row.longValue("n")).sum());
    }

    @Test
    void shouldRefuseAStopWithCheckpointWithoutCheckpoints()
    {
        try (Job job = pipeline(log(0, 10, new InMemoryLog()), new CollectingSink()).newJob(ExecutionConfig.streaming()))
        {
            assertThrows(IllegalStateException.class, job::stopWithCheckpoint);
        }
    }

    @Test
    void shouldCloseWhatItOpenedAndLeaveTheSinksOpen()
    {
        final ClosingSink sink = new ClosingSink();
        final Job job = pipeline(log(0, 100, new InMemoryLog()), sink).newJob(ExecutionConfig.streaming());
        job.doWork();
        job.drain();
        job.close();
        job.close();
        assertFalse(sink.closed, "the pipeline's sink is its maker's to close");
        assertTrue(sink.results > 0);
    }

    private static final class ClosingSink implements ResultSink, AutoCloseable
    {
        int results;
        boolean closed;

        public void onResult(final WindowResult result)
        {
            results++;
        }

        public void close()
        {
            closed = true;
        }
    }
}
