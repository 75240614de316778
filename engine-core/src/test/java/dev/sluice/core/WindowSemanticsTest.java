package dev.sluice.core;

import dev.sluice.core.sink.CollectingSink;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowSemanticsTest
{
    private static final long MS = 1_000_000L;

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldPutEventAtEndMinusOneInItsWindowAndEventAtEndInTheNext(final ExecutionMode mode)
    {
        final LatestResultView view = new LatestResultView();
        Pipelines.pipeline(Pipelines.all(TestEvent.of(1, 9, 5), TestEvent.of(1, 10, 7)), 10, 0, view).run(mode);

        assertEquals(2, view.size());
        assertEquals(1, view.get(0, 1).longValue("count"));
        assertEquals(5, view.get(0, 1).longValue("sum"));
        assertEquals(10, view.get(0, 1).windowEnd());
        assertEquals(1, view.get(10, 1).longValue("count"));
        assertEquals(7, view.get(10, 1).longValue("sum"));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldAssignNegativeAndEpochZeroTimestampsByFloor(final ExecutionMode mode)
    {
        final LatestResultView view = new LatestResultView();
        Pipelines.pipeline(Pipelines.all(
            TestEvent.of(1, -11, 1), TestEvent.of(1, -10, 2), TestEvent.of(1, -1, 3), TestEvent.of(1, 0, 4)),
            10, 20, view).run(mode);

        assertEquals(List.of(-20L, -10L, 0L), starts(view.rows()));
        assertEquals(1, view.get(-20, 1).longValue("sum"));
        assertEquals(5, view.get(-10, 1).longValue("sum"));
        assertEquals(2, view.get(-10, 1).longValue("count"));
        assertEquals(4, view.get(0, 1).longValue("sum"));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldShiftWindowBoundariesByTheOffset(final ExecutionMode mode)
    {
        final LatestResultView view = new LatestResultView();
        Pipeline.from(Pipelines.all(TestEvent.of(1, 2, 1), TestEvent.of(1, 3, 2), TestEvent.of(1, 12, 4)),
            new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(10, 3))
            .aggregate(Reference.aggregations())
            .sink(view)
            .build()
            .run(mode);

        assertEquals(List.of(-7L, 3L), starts(view.rows()));
        assertEquals(1, view.get(-7, 1).longValue("sum"));
        assertEquals(6, view.get(3, 1).longValue("sum"));
        assertEquals(13, view.get(3, 1).windowEnd());
    }

    @Test
    void shouldFireInStreamingExactlyWhenTheWatermarkReachesWindowEndMinusOne()
    {
        final InMemoryLog log = new InMemoryLog();
        final CollectingSink sink = new CollectingSink();
        try (Job job = Pipelines.pipeline(log.follow(), 10, 2, sink).newJob(ExecutionConfig.streaming()))
        {
            Pipelines.append(log, TestEvent.of(1, 5, 1), TestEvent.of(1, 11, 1));
            job.doWork();
            assertEquals(8, job.report().watermark());       // 11 - 2 - 1
            assertTrue(sink.rows().isEmpty());

            Pipelines.append(log, TestEvent.of(1, 12, 1));
            job.doWork();
            assertEquals(9, job.report().watermark());       // passes end - 1 of [0, 10)
            assertEquals(1, sink.rows().size());
            assertEquals(0, sink.rows().get(0).windowStart());
            assertFalse(sink.rows().get(0).isUpdate());
            assertEquals(1, job.report().windowsFired());
            assertEquals(1, job.report().openWindows());     // [0, 10) freed, [10, 20) open
            assertFalse(job.isDone());
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldProduceNothingFromEmptyInput(final ExecutionMode mode)
    {
        final CollectingSink sink = new CollectingSink();
        final JobReport report = Pipelines.pipeline(new InMemoryLog().all(), 10, 0, sink).run(mode);

        assertTrue(sink.rows().isEmpty());
        assertEquals(0, report.recordsIn());
        assertEquals(0, report.windowsFired());
        assertEquals(0, report.lagRecords());
        assertEquals(0, report.latencyNs().getTotalCount());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldAggregateWithoutKeyAsOneGlobalKey(final ExecutionMode mode)
    {
        final LatestResultView view = new LatestResultView();
        Pipeline.from(Pipelines.all(TestEvent.of(1, 1, 3), TestEvent.of(2, 2, 3), TestEvent.of(3, 3, 4)),
            new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .window(TumblingWindows.of(100))
            .aggregate(Reference.aggregations())
            .sink(view)
            .build()
            .run(mode);

        assertEquals(1, view.size());
        final ResultRow row = view.get(0, 0);
        assertEquals(3, row.longValue("count"));
        assertEquals(10, row.longValue("sum"));
        assertEquals(2, row.longValue("distinct"));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldKeepManyKeysApartAndReuseSlotsAcrossWindows(final ExecutionMode mode)
    {
        final InMemoryLog log = new InMemoryLog();
        final List<TestEvent> events = new ArrayList<>();
        for (int i = 0; i < 60_000; i++)
        {
            events.add(TestEvent.of(i % 5_000 * 7919L - 1_000_000, i / 10, i % 3));
        }
        Pipelines.append(log, events.toArray(new TestEvent[0]));
        final LatestResultView view = new LatestResultView();
        final JobReport report = Pipelines.pipeline(log.all(), 1000, 50, view).run(mode);

        assertEquals(Reference.groupBy(events, 1000, 0), Reference.of(view.rows()));
        assertEquals(6, report.windowsFired());
        assertEquals(0, report.openWindows());
    }

    @Test
    void shouldAdvanceTheWatermarkOfAnIdleSourceAfterTheIdleTimeout()
    {
        final CachedNanoClock clock = new CachedNanoClock();
        final InMemoryLog log = new InMemoryLog();
        final CollectingSink sink = new CollectingSink();
        final Pipeline pipeline = Pipelines.define(log.follow(), 10,
            WatermarkStrategy.<TestEvent>boundedOutOfOrderness(100).withIdleTimeout(1, TimeUnit.SECONDS), sink)
            .build();
        try (Job job = pipeline.newJob(ExecutionConfig.streaming().nanoClock(clock)))
        {
            Pipelines.append(log, TestEvent.of(1, 0, 1), TestEvent.of(1, 5, 1));
            job.doWork();
            job.doWork();
            clock.advance(999 * MS);
            job.doWork();
            assertTrue(sink.rows().isEmpty(), "still within the idle timeout");

            clock.advance(MS);
            job.doWork();
            assertEquals(5, job.report().watermark(), "idle: watermark = highest event time seen");
            assertTrue(sink.rows().isEmpty());

            clock.advance(4 * MS);
            job.doWork();
            assertEquals(9, job.report().watermark(), "then it follows processing time");
            assertEquals(1, sink.rows().size());
            assertEquals(2, sink.rows().get(0).longValue("count"));

            // an event behind the idle watermark is late
            Pipelines.append(log, TestEvent.of(1, 3, 1));
            job.doWork();
            assertEquals(1, job.report().eventsLate());
        }
    }

    @Test
    void shouldNotAdvanceTheWatermarkOfAnIdleSourceWithoutIdleTimeout()
    {
        final CachedNanoClock clock = new CachedNanoClock();
        final InMemoryLog log = Pipelines.log(TestEvent.of(1, 0, 1));
        final CollectingSink sink = new CollectingSink();
        try (Job job = Pipelines.define(log.follow(), 10,
            WatermarkStrategy.<TestEvent>boundedOutOfOrderness(100).withoutIdleTimeout(), sink).build()
            .newJob(ExecutionConfig.streaming().nanoClock(clock)))
        {
            job.doWork();
            clock.advance(TimeUnit.HOURS.toNanos(1));
            job.doWork();
            job.doWork();
            assertTrue(sink.rows().isEmpty());
            assertEquals(-101, job.report().watermark(), "0 - 100 - 1: events only");
        }
    }

    @Test
    void shouldCloseTheWindowsOfASourceIdleForTheDefaultMinute()
    {
        final CachedNanoClock clock = new CachedNanoClock();
        final InMemoryLog log = Pipelines.log(TestEvent.of(1, 0, 1));
        final CollectingSink sink = new CollectingSink();
        try (Job job = Pipelines.pipeline(log.follow(), 10, 100, sink)
            .newJob(ExecutionConfig.streaming().nanoClock(clock)))
        {
            job.doWork();
            clock.advance(TimeUnit.SECONDS.toNanos(59));
            job.doWork();
            assertTrue(sink.rows().isEmpty(), "idle for 59 s: the window stays open");
            clock.advance(TimeUnit.SECONDS.toNanos(2));
            job.doWork();
            job.doWork();
            assertEquals(1, sink.rows().size(), "idle past a minute: the watermark moves on and the window closes");
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionMode.class, names = { "MICRO_BATCH", "STREAMING" })
    void shouldReFireWithinAllowedLatenessAndDropAfterIt(final ExecutionMode mode)
    {
        final InMemoryLog log = Pipelines.log(
            TestEvent.of(1, 1, 10),     // [0, 10)
            TestEvent.of(1, 15, 1),     // watermark 14: [0, 10) fires, count 1
            TestEvent.of(1, 2, 20),     // late but within lateness 20 (9 + 20 > 14): update, count 2
            TestEvent.of(2, 3, 30),     // new key in the fired window: its first emission
            TestEvent.of(1, 40, 1),     // watermark 39: [10, 20) fires, [0, 10) is freed (9 + 20 <= 39)
            TestEvent.of(1, 4, 40));    // too late: dropped
        final CollectingSink sink = new CollectingSink();
        final List<TestEvent> late = new ArrayList<>();
        final ExecutionConfig config = mode == ExecutionMode.MICRO_BATCH ?
            ExecutionConfig.microBatch().maxRecordsPerBatch(1) : ExecutionConfig.streaming();
        final JobReport report = Pipelines.define(log.all(), 10, WatermarkStrategy.boundedOutOfOrderness(0), sink)
            .allowedLateness(20)
            .lateEvents((event, time, watermark, position) -> late.add(event.copy()))
            .build()
            .run(config);

        final List<String> emitted = new ArrayList<>();
        for (final ResultRow row : sink.rows())
        {
            emitted.add(row.windowStart() + "/" + row.key() + " count=" + row.longValue("count") + " sum=" +
                row.longValue("sum") + (row.isUpdate() ? " update" : " first"));
        }
        assertEquals(List.of(
            "0/1 count=1 sum=10 first",
            "0/1 count=2 sum=30 update",
            "0/2 count=1 sum=30 first",
            "10/1 count=1 sum=1 first",
            "40/1 count=1 sum=1 first"), emitted);
        assertEquals(2, report.eventsLateAccepted());
        assertEquals(1, report.eventsLate());
        assertEquals(1, report.updatesEmitted());
        assertEquals(1, late.size());
        assertEquals(4, late.get(0).time);
    }

    @Test
    void shouldPublishThePeriodicWatermarkOnlyOncePerPeriod()
    {
        final CachedNanoClock clock = new CachedNanoClock();
        final InMemoryLog log = new InMemoryLog();
        final CollectingSink sink = new CollectingSink();
        final Pipeline pipeline = Pipelines.define(log.follow(), 10,
            WatermarkStrategy.<TestEvent>boundedOutOfOrderness(0).withPeriodicEmission(100, TimeUnit.MILLISECONDS),
            sink).build();
        try (Job job = pipeline.newJob(ExecutionConfig.streaming().nanoClock(clock)))
        {
            Pipelines.append(log, TestEvent.of(1, 1, 1), TestEvent.of(1, 50, 1));
            job.doWork();
            job.doWork();
            assertEquals(Long.MIN_VALUE, job.report().watermark());
            assertTrue(sink.rows().isEmpty());

            clock.advance(100 * MS);
            job.doWork();
            assertEquals(49, job.report().watermark());
            assertEquals(1, sink.rows().size());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionMode.class, names = { "MICRO_BATCH", "STREAMING" })
    void shouldTakeTheWatermarkFromPunctuationEvents(final ExecutionMode mode)
    {
        // events with key -1 are markers whose time is the watermark; other events do not move it
        final InMemoryLog log = Pipelines.log(
            TestEvent.of(1, 5, 1), TestEvent.of(1, 50, 1), TestEvent.of(1, 6, 1), TestEvent.of(-1, 20, 0),
            TestEvent.of(1, 7, 1));
        final LatestResultView view = new LatestResultView();
        final ExecutionConfig config = mode == ExecutionMode.MICRO_BATCH ?
            ExecutionConfig.microBatch().maxRecordsPerBatch(1) : ExecutionConfig.streaming();
        final JobReport report = Pipelines.define(log.all(), 10,
            WatermarkStrategy.<TestEvent>punctuated((e, time) -> e.key == -1 ? time : WatermarkStrategy.NO_WATERMARK),
            view).build().run(config);

        assertEquals(20, report.watermark());
        assertEquals(1, report.eventsLate());                 // time 7 after the marker 20
        assertEquals(2, view.get(0, 1).longValue("count"));   // 5 and 6: on time despite 50 before 6
    }

    @Test
    void shouldTriggerMicroBatchesByIntervalOfTheInjectedClock()
    {
        final CachedNanoClock clock = new CachedNanoClock();
        final InMemoryLog log = new InMemoryLog();
        final CollectingSink sink = new CollectingSink();
        try (Job job = Pipelines.pipeline(log.follow(), 10, 0, sink)
            .newJob(ExecutionConfig.microBatch().triggerInterval(1, TimeUnit.SECONDS).nanoClock(clock)))
        {
            Pipelines.append(log, TestEvent.of(1, 1, 1), TestEvent.of(1, 2, 1), TestEvent.of(1, 3, 1));
            assertEquals(3, job.doWork());
            Pipelines.append(log, TestEvent.of(1, 12, 1), TestEvent.of(1, 13, 1));
            assertEquals(0, job.doWork());
            assertTrue(sink.rows().isEmpty());
            clock.advance(TimeUnit.SECONDS.toNanos(1));
            assertEquals(2, job.doWork());
            assertEquals(2, job.report().batches());
            assertEquals(1, sink.rows().size());
            assertEquals(3, sink.rows().get(0).longValue("count"));
        }
    }

    @Test
    void shouldProcessOnlyWhatIsAvailableAtStartInAnAvailableNowRun()
    {
        final InMemoryLog log = Pipelines.log(
            TestEvent.of(1, 1, 1), TestEvent.of(1, 2, 1), TestEvent.of(1, 11, 1), TestEvent.of(1, 12, 1),
            TestEvent.of(1, 25, 1));
        final LatestResultView view = new LatestResultView();
        try (Job job = Pipelines.pipeline(log.follow(), 10, 0, view)
            .newJob(ExecutionConfig.microBatch().availableNow(true).maxRecordsPerBatch(2)))
        {
            Pipelines.append(log, TestEvent.of(1, 26, 1));
            final JobReport report = job.run();
            assertTrue(job.isDone());
            assertEquals(5, report.recordsIn());
            assertEquals(3, report.batches());
            assertEquals(1, report.lagRecords());
            assertEquals(1, view.get(20, 1).longValue("count"));
        }
    }

    @Test
    void shouldReturnFromRunWhenStopped()
    {
        final InMemoryLog log = Pipelines.log(TestEvent.of(1, 1, 1));
        final CollectingSink sink = new CollectingSink();
        try (Job job = Pipelines.pipeline(log.follow(), 10, 0, sink).newJob(ExecutionConfig.streaming()))
        {
            job.doWork();
            job.stop();
            final JobReport report = job.run();
            assertFalse(job.isDone());
            assertEquals(1, report.recordsIn());
            assertEquals(1, report.openWindows());
            assertTrue(sink.rows().isEmpty(), "stop leaves windows open");
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldMeasureLatencyFromAppendTimeToEmission(final ExecutionMode mode)
    {
        final long[] now = { 1_000_000_000L };
        final InMemoryLog log = new InMemoryLog(() -> now[0]);
        Pipelines.append(log, TestEvent.of(1, 1, 1));
        now[0] += 5_000;
        Pipelines.append(log, TestEvent.of(2, 2, 1));
        now[0] += 1_000_000;
        final JobReport report = Pipelines.pipeline(log.all(), 10, 0, new CollectingSink())
            .run(ExecutionConfig.of(mode).epochClock(() -> now[0]));

        assertEquals(2, report.latencyNs().getTotalCount());
        // from the newest record of the window: 1 ms, within the histogram's 3 significant digits
        assertEquals(1_000_000, report.latencyNs().getMaxValue(), 1_000);
    }

    private static List<Long> starts(final List<ResultRow> rows)
    {
        final List<Long> starts = new ArrayList<>();
        for (final ResultRow row : rows)
        {
            starts.add(row.windowStart());
        }
        return starts;
    }
}
