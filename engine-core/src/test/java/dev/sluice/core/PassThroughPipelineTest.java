package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.sink.EventLogSink;
import dev.sluice.core.sink.EventSink;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.EventAppender;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pass-through pipelines: every event after the stages to the event sinks, in log order, in every mode; what a
 * pass-through definition refuses; and exactly-once output into a log through kills and restores.
 */
class PassThroughPipelineTest
{
    /** The stages under test: drop odd values, then double them into a new event. */
    static final Function<TestEvent, TestEvent> DOUBLE = e -> new TestEvent(e.key, e.time, e.value * 2);

    static List<TestEvent> events(final int count)
    {
        final List<TestEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            events.add(new TestEvent(i % 3, i * 10L - (i % 4) * 15, i));
        }
        return events;
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldHandEveryEventAfterTheStagesToTheEventSinksInLogOrder(final ExecutionMode mode)
    {
        final InMemoryLog log = Pipelines.log(events(500).toArray(new TestEvent[0]));
        final List<String> first = new ArrayList<>();
        final List<String> second = new ArrayList<>();
        final Pipeline pipeline = Pipeline.from(log.all(), new TestEvent.TestCodec())
            .filter(e -> e.value % 2 == 0)
            .map(DOUBLE)
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(100))
            .named("doubles", 3)
            .passThrough(e -> first.add(e.toString()))
            .passThrough((EventSink<Object>)e -> second.add(e.toString()))
            .build();
        assertTrue(pipeline.isPassThrough());
        assertNull(pipeline.windows());
        assertEquals("doubles", pipeline.name());
        assertEquals(3, pipeline.version());

        final JobReport report = pipeline.run(ExecutionConfig.of(mode).maxRecordsPerBatch(mode ==
            ExecutionMode.MICRO_BATCH ? 37 : 0));

        final List<String> expected = events(500).stream().filter(e -> e.value % 2 == 0).map(DOUBLE)
            .map(TestEvent::toString).toList();
        assertEquals(expected, first);
        assertEquals(expected, second);
        assertEquals(500, report.recordsIn());
        assertEquals(250, report.eventsIn());
        assertEquals(250, report.resultsEmitted());
        assertEquals(0, report.eventsLate());
        if (mode != ExecutionMode.BATCH)
        {
            final long maxTime = events(500).stream().filter(e -> e.value % 2 == 0).mapToLong(e -> e.time).max()
                .orElseThrow();
            assertEquals(maxTime - 100 - 1, report.watermark(), "the watermark follows the events");
        }
    }

    @Test
    void shouldRunWithoutTimestampsInEveryMode()
    {
        final InMemoryLog log = Pipelines.log(events(10).toArray(new TestEvent[0]));
        final List<Long> values = new ArrayList<>();
        final Pipeline pipeline = Pipeline.from(log.all(), new TestEvent.TestCodec())
            .passThrough(e -> values.add(e.value))
            .build();
        pipeline.run(ExecutionMode.STREAMING);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), values);
        assertEquals("passThrough;watermark=none;stages=0;eventSinks=1", pipeline.stateLayout());
    }

    @Test
    void shouldRefuseWhatAPassThroughPipelineHasNot()
    {
        final InMemoryLog log = new InMemoryLog();
        final EventSink<TestEvent> sink = e -> { };
        final PipelineDefinitionException window = assertThrows(PipelineDefinitionException.class,
            () -> Pipeline.from(log.all(), new TestEvent.TestCodec())
                .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
                .window(TumblingWindows.of(10))
                .passThrough(sink)
                .build());
        assertTrue(window.getMessage().contains("pass-through") && window.getMessage().contains("window("),
            window.getMessage());
        final PipelineDefinitionException aggregation = assertThrows(PipelineDefinitionException.class,
            () -> Pipeline.from(log.all(), new TestEvent.TestCodec())
                .aggregate(Aggregations.count("n"))
                .passThrough(sink)
                .build());
        assertTrue(aggregation.getMessage().contains("aggregate(...)"), aggregation.getMessage());
        final PipelineDefinitionException results = assertThrows(PipelineDefinitionException.class,
            () -> Pipeline.from(log.all(), new TestEvent.TestCodec())
                .sink(new LatestResultView())
                .passThrough(sink)
                .build());
        assertTrue(results.getMessage().contains("sink(...)"), results.getMessage());
        final PipelineDefinitionException key = assertThrows(PipelineDefinitionException.class,
            () -> Pipeline.from(log.all(), new TestEvent.TestCodec())
                .keyBy(TestEvent::key)
                .passThrough(sink)
                .build());
        assertTrue(key.getMessage().contains("keyBy(...)"), key.getMessage());
        final PipelineDefinitionException name = assertThrows(PipelineDefinitionException.class,
            () -> Pipeline.from(log.all(), new TestEvent.TestCodec()).named("two words", 1));
        assertTrue(name.getMessage().contains("plain identifier"), name.getMessage());
    }

    @Test
    void shouldWriteEveryEventIntoTheOutputLogExactlyOnceThroughKills(@TempDir final Path dir)
    {
        final int count = 3_000;
        try (Log input = Log.open(dir.resolve("input"), LogConfig.builder().segmentLength(64 * 1024)
                .maxRecordLength(1024).build());
            Log output = Log.open(dir.resolve("output"), LogConfig.builder().segmentLength(64 * 1024)
                .maxRecordLength(1024).build()))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(input.appender(), new TestEvent.TestCodec());
            for (final TestEvent event : events(count))
            {
                appender.append(event, 1_000);
            }
            final CheckpointConfig checkpoints = CheckpointConfig.in(dir.resolve("checkpoints")).everyRecords(97);
            final java.util.Random random = new java.util.Random(42);
            long skipped = 0;
            for (int run = 0; ; run++)
            {
                final EventLogSink<TestEvent> sink = new EventLogSink<>(output, new TestEvent.TestCodec());
                final Pipeline pipeline = Pipeline.from(LogSource.tail(input), new TestEvent.TestCodec())
                    .filter(e -> e.value % 2 == 0)
                    .map(DOUBLE)
                    .named("doubles", 1)
                    .passThrough(sink)
                    .build();
                final Job job = pipeline.newJob(ExecutionConfig.streaming().pollLimit(1 + random.nextInt(50))
                    .checkpointing(checkpoints));
                // a kill after a random number of duty cycles: nothing closed, checkpointed or flushed
                final int cycles = run < 5 ? 1 + random.nextInt(40) : Integer.MAX_VALUE;
                for (int c = 0; c < cycles && job.recordsIn() < count; c++)
                {
                    job.doWork();
                }
                skipped += sink.skipped();
                if (job.recordsIn() >= count)
                {
                    job.checkpoint();
                    job.close();
                    break;
                }
            }
            assertTrue(skipped > 0, "some events were replayed and skipped");

            final List<String> read = new ArrayList<>();
            final long[] next = { 0 };
            final TestEvent.TestCodec codec = new TestEvent.TestCodec();
            output.scan(output.startPosition(), output.tailPosition(), (buffer, offset, length, position) ->
            {
                assertEquals(next[0]++, buffer.getLong(offset + EventLogSink.SEQUENCE_OFFSET,
                    java.nio.ByteOrder.LITTLE_ENDIAN), "output sequences run from 0 with no gap");
                read.add(codec.decode(buffer, offset + EventLogSink.EVENT_OFFSET,
                    length - EventLogSink.EVENT_OFFSET).toString());
            });
            assertEquals(events(count).stream().filter(e -> e.value % 2 == 0).map(DOUBLE).map(TestEvent::toString)
                .toList(), read);
        }
    }

    @Test
    void shouldRefuseAFreshStartIntoAnOutputLogThatHoldsEvents(@TempDir final Path dir)
    {
        try (Log output = Log.open(dir, LogConfig.builder().segmentLength(64 * 1024).maxRecordLength(1024).build()))
        {
            final InMemoryLog log = Pipelines.log(events(5).toArray(new TestEvent[0]));
            final Function<EventLogSink<TestEvent>, Pipeline> pipeline = sink ->
                Pipeline.from(log.all(), new TestEvent.TestCodec()).passThrough(sink).build();
            pipeline.apply(new EventLogSink<>(output, new TestEvent.TestCodec())).run(ExecutionMode.BATCH);
            assertEquals(5, output.recordCount());
            final IllegalStateException refused = assertThrows(IllegalStateException.class, () ->
                pipeline.apply(new EventLogSink<>(output, new TestEvent.TestCodec())).run(ExecutionMode.BATCH));
            assertTrue(refused.getMessage().contains("already holds events") &&
                refused.getMessage().contains("its own output log"), refused.getMessage());
            assertEquals(dir, new EventLogSink<>(output, new TestEvent.TestCodec()).outputDirectory());
        }
    }
}
