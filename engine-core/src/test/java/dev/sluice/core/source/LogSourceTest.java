package dev.sluice.core.source;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Job;
import dev.sluice.core.JobReport;
import dev.sluice.core.Pipeline;
import dev.sluice.core.TestEvent;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.sink.CollectingSink;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogSourceTest
{
    private final long[] appendNs = { 1_000 };
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(64);
    private final TestEvent.TestCodec codec = new TestEvent.TestCodec();

    private Log open(final Path dir)
    {
        return Log.open(dir, LogConfig.builder().segmentLength(64 * 1024).maxRecordLength(1024).clock(() -> appendNs[0]).build());
    }

    private long append(final Log log, final long key, final long time)
    {
        appendNs[0] += 1_000;
        final int length = codec.encode(TestEvent.of(key, time, 1), scratch, 0);
        return log.appender().append(scratch, 0, length);
    }

    private static Pipeline countPerKey(final Source source, final LatestResultView view)
    {
        return Pipeline.from(source, new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(1_000_000))
            .aggregate(Aggregations.count("n"))
            .sink(view)
            .build();
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldReadRangesByPositionRecordNumberAndTimestamp(final ExecutionMode mode, @TempDir final Path dir)
    {
        try (Log log = open(dir))
        {
            final long[] positions = new long[3000];
            for (int i = 0; i < positions.length; i++)
            {
                // enough records to span several 64 KiB segments
                positions[i] = append(log, i, i);
            }
            final LatestResultView view = new LatestResultView();
            JobReport report = countPerKey(LogSource.range(log).fromPosition(positions[10]).toPosition(positions[2500]),
                view).run(mode);
            assertEquals(2490, report.recordsIn());
            assertEquals(2490, view.size());
            assertEquals(1, view.get(0, 10).longValue("n"));
            assertEquals(null, view.get(0, 2500));

            view.clear();
            report = countPerKey(LogSource.range(log).fromRecord(1000).toRecord(1003), view).run(mode);
            assertEquals(3, report.recordsIn());
            assertEquals(1, view.get(0, 1002).longValue("n"));

            view.clear();
            // record i was appended at 1000 + 1000 * (i + 1) ns
            report = countPerKey(LogSource.range(log).fromTimestampNs(1_000 + 1_000 * 2001)
                .toTimestampNs(1_000 + 1_000 * 2011), view).run(mode);
            assertEquals(10, report.recordsIn());
            assertEquals(1, view.get(0, 2000).longValue("n"));
            assertEquals(null, view.get(0, 2010));

            view.clear();
            report = countPerKey(LogSource.range(log), view).run(mode);
            assertEquals(3000, report.recordsIn());
            assertEquals(0, report.lagRecords());
        }
    }

    @Test
    void shouldFollowTheTailOfTheLogInStreamingMode(@TempDir final Path dir)
    {
        try (Log log = open(dir))
        {
            append(log, 1, 1);
            final CollectingSink sink = new CollectingSink();
            final Pipeline pipeline = Pipeline.from(LogSource.tail(log), new TestEvent.TestCodec())
                .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
                .keyBy(TestEvent::key)
                .window(TumblingWindows.of(10))
                .aggregate(Aggregations.count("n"))
                .sink(sink)
                .build();
            try (Job job = pipeline.newJob(ExecutionConfig.streaming().pollLimit(1)))
            {
                append(log, 1, 2);
                append(log, 1, 10);
                assertEquals(1, job.doWork());
                assertEquals(2, job.report().lagRecords());
                job.doWork();
                job.doWork();
                assertEquals(0, job.report().lagRecords());
                assertEquals(1, sink.rows().size());
                assertEquals(2, sink.rows().get(0).longValue("n"));
                assertEquals(0, job.doWork());
                append(log, 1, 25);
                assertEquals(1, job.doWork());
                assertEquals(2, sink.rows().size());
                assertEquals(false, job.isDone());
            }
        }
    }

    @Test
    void shouldStartAtTheTailOrAtACursorAndRejectARangeThatEndsBeforeItStarts(@TempDir final Path dir)
    {
        try (Log log = open(dir))
        {
            append(log, 1, 1);
            final long second = append(log, 2, 2);
            append(log, 3, 3);
            log.cursor("reader-a").store(second, 1);
            final LatestResultView view = new LatestResultView();

            try (Job job = countPerKey(LogSource.tail(log).fromTail(), view).newJob(ExecutionConfig.streaming()))
            {
                assertEquals(0, job.doWork());
                append(log, 4, 4);
                assertEquals(1, job.doWork());
                job.drain();
                assertEquals(1, view.size());
                assertEquals(1, view.get(0, 4).longValue("n"));
            }

            view.clear();
            final JobReport report = countPerKey(LogSource.range(log).fromCursor("reader-a"), view)
                .run(ExecutionMode.MICRO_BATCH);
            assertEquals(3, report.recordsIn());
            assertEquals(null, view.get(0, 1));

            final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> countPerKey(LogSource.range(log).fromPosition(second).toRecord(0), view).newJob(
                    ExecutionConfig.batch()));
            org.junit.jupiter.api.Assertions.assertTrue(ex.getMessage().contains("before its start"), ex.getMessage());
        }
    }

    @Test
    void shouldBoundABatchRunAtTheTailWhenTheJobStarts(@TempDir final Path dir)
    {
        try (Log log = open(dir))
        {
            append(log, 1, 1);
            append(log, 2, 2);
            final LatestResultView view = new LatestResultView();
            try (Job job = countPerKey(LogSource.tail(log), view).newJob(ExecutionConfig.batch()))
            {
                append(log, 3, 3);
                final JobReport report = job.run();
                assertEquals(2, report.recordsIn());
                assertEquals(1, report.lagRecords());
                assertEquals(2, view.size());
            }
        }
    }
}
