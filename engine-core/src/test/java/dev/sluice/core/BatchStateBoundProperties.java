package dev.sluice.core;

import dev.sluice.core.ModeEquivalenceProperties.Late;
import dev.sluice.core.ModeEquivalenceProperties.Scenario;
import dev.sluice.core.ModeEquivalenceProperties.WindowKind;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.core.window.TumblingWindows;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A BATCH job with a state bound ({@link ExecutionConfig#batchStateBound}) fires the windows its watermark has passed
 * whenever its state outgrows the bound. With disorder within the watermark's bound it emits exactly what an
 * unbounded BATCH job emits, in the same order (windows by start, keys ascending, no updates); with events beyond
 * it, its result is the group-by of all events but those it reported late (each missing the windows the watermark
 * it was reported with had passed), and it reports no more late events than STREAMING. Its state stays within about
 * twice the bound over a long range, where an unbounded job's grows with the range. Tumbling and hopping windows,
 * every aggregation of {@link Reference#aggregations()} (the distinct count and the user-defined one included).
 */
class BatchStateBoundProperties
{
    private final ModeEquivalenceProperties scenarios = new ModeEquivalenceProperties();

    @Provide
    Arbitrary<Scenario> boundedDisorder()
    {
        return scenarios.boundedDisorder().filter(s -> s.kind() != WindowKind.SESSION);
    }

    @Provide
    Arbitrary<Scenario> withLateEvents()
    {
        return scenarios.withLateEvents().filter(s -> s.kind() == WindowKind.TUMBLING || s.kind() == WindowKind.HOPPING);
    }

    @Property(tries = 300)
    void aBoundedBatchJobShouldEmitWhatAnUnboundedOneEmitsInTheSameOrder(
        @ForAll("boundedDisorder") final Scenario scenario,
        @ForAll @IntRange(min = 1, max = 12) final int bound)
    {
        final Emitted unbounded = run(scenario, ExecutionConfig.batch().batchStateBound(0));
        final Emitted bounded = run(scenario, ExecutionConfig.batch().batchStateBound(bound));

        assertEquals(scenario.groupBy(scenario.events()), unbounded.run.result());
        assertEquals(0, bounded.run.report().eventsLate());
        assertEquals(0, bounded.run.report().updatesEmitted());
        assertEquals(unbounded.rows, bounded.rows, "the rows, in the order emitted");
        Statistics.label("fired early").collect(
            bounded.run.report().peakStateSlots() < unbounded.run.report().peakStateSlots());
        // the property must see jobs that freed windows before the end, or it proves nothing
        Statistics.label("fired early").coverage(coverage -> coverage.check(true).percentage(p -> p > 10));
    }

    @Property(tries = 300)
    void aBoundedBatchJobShouldDifferFromTheGroupByByExactlyTheEventsItReportsLate(
        @ForAll("withLateEvents") final Scenario scenario,
        @ForAll @IntRange(min = 1, max = 12) final int bound)
    {
        final Emitted bounded = run(scenario, ExecutionConfig.batch().batchStateBound(bound));
        final JobReport report = bounded.run.report();

        assertEquals(bounded.run.late().size(), report.eventsLate());
        assertEquals(0, report.updatesEmitted());
        assertEquals(scenario.groupByLessLate(bounded.run.late()), bounded.run.result());
        assertWindowOrder(bounded.emitted);
        // its watermark lags STREAMING's per-event one: what is late here is late there
        final ModeEquivalenceProperties.Run streaming =
            ModeEquivalenceProperties.run(scenario, ExecutionConfig.streaming());
        assertTrue(report.eventsLate() <= streaming.report().eventsLate(),
            "bounded batch " + report + " streaming " + streaming.report());
        Statistics.label("late in bounded BATCH").collect(report.eventsLate() > 0);
        Statistics.label("late in bounded BATCH").coverage(coverage -> coverage.check(true).percentage(p -> p > 10));
    }

    @Test
    void shouldHoldStateWithinTheBoundOverALongRange()
    {
        // 2000 windows of 100 ms, 50 keys each, values all distinct: 100k slots and 200k distinct values in all
        final List<TestEvent> events = new ArrayList<>();
        for (int i = 0; i < 200_000; i++)
        {
            final long time = i - (i % 7) * 5; // up to 30 ms out of order
            events.add(new TestEvent(i % 50, time, i));
        }
        final Scenario scenario = new Scenario(events, WindowKind.TUMBLING, 100, 100, 0, 40);
        final Emitted unbounded = run(scenario, ExecutionConfig.batch().batchStateBound(0));
        final Emitted bounded = run(scenario, ExecutionConfig.batch().batchStateBound(400));

        // every (window, key) of the range held at once
        assertEquals(unbounded.rows.size(), unbounded.run.report().peakStateSlots());
        assertTrue(unbounded.rows.size() >= 100_000);
        // the bound, or twice what the watermark leaves open (two windows), plus one group of events
        final int peak = bounded.run.report().peakStateSlots();
        assertTrue(peak <= 400 + 16, "peak slots " + peak);
        assertEquals(0, bounded.run.report().eventsLate());
        assertEquals(unbounded.rows, bounded.rows);
        assertTrue(bounded.run.report().windowsFired() >= 2000);
    }

    @Test
    void shouldBoundStateByTheValuesADistinctCountHolds()
    {
        // one key: 1000 windows of 1 slot each, 100 distinct values a window: the pairs reach 3x the bound first
        final List<TestEvent> events = new ArrayList<>();
        for (int i = 0; i < 100_000; i++)
        {
            events.add(new TestEvent(1, i, i % 100));
        }
        final Scenario scenario = new Scenario(events, WindowKind.TUMBLING, 100, 100, 0, 0);
        final Emitted unbounded = run(scenario, ExecutionConfig.batch().batchStateBound(0));
        final Emitted bounded = run(scenario, ExecutionConfig.batch().batchStateBound(100));

        assertEquals(1000, unbounded.run.report().peakStateSlots());
        assertTrue(bounded.run.report().peakStateSlots() <= 6, "peak slots " + bounded.run.report().peakStateSlots());
        assertEquals(unbounded.rows, bounded.rows);
    }

    @Test
    void shouldHoldTheWholeRangeWithoutWatermarkOrInAGlobalWindow()
    {
        final List<String> rows = new ArrayList<>();
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        for (int i = 0; i < 10_000; i++)
        {
            log.append(codec, new TestEvent(i % 10, i, i));
        }
        final JobReport none = Pipeline.from(log.all(), codec)
            .withTimestamps(TestEvent::time, WatermarkStrategy.none())
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(10))
            .aggregate(Reference.aggregations())
            .sink(new RecordingSink(rows))
            .build()
            .run(ExecutionConfig.batch().batchStateBound(1));
        assertEquals(10_000, none.peakStateSlots(), "no watermark: nothing fires before the end");
        assertEquals(10_000, rows.size());

        final JobReport global = Pipeline.from(log.all(), codec)
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(TestEvent::key)
            .window(GlobalWindows.create())
            .aggregate(Reference.aggregations())
            .sink(new RecordingSink(new ArrayList<>()))
            .build()
            .run(ExecutionConfig.batch().batchStateBound(1));
        assertEquals(10, global.peakStateSlots(), "a global window holds its keys");
    }

    @Test
    void shouldRefuseANegativeBound()
    {
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ExecutionConfig.batch().batchStateBound(-1));
        assertTrue(e.getMessage().contains("batchStateBound=-1"), e.getMessage());
        assertEquals(ExecutionConfig.DEFAULT_BATCH_STATE_BOUND, ExecutionConfig.batch().batchStateBound());
    }

    /** A run, with every row as emitted (update and early marks included). */
    record Emitted(ModeEquivalenceProperties.Run run, List<ResultRow> emitted, List<String> rows)
    {
    }

    private static Emitted run(final Scenario scenario, final ExecutionConfig config)
    {
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        for (final TestEvent e : scenario.events())
        {
            log.append(codec, e);
        }
        final LatestResultView view = new LatestResultView();
        final List<Late> late = new ArrayList<>();
        final List<ResultRow> emitted = new ArrayList<>();
        final Pipeline pipeline = Pipeline.from(log.all(), codec)
            .withTimestamps(TestEvent::time, WatermarkStrategy.<TestEvent>boundedOutOfOrderness(scenario.bound()))
            .keyBy(TestEvent::key)
            .window(scenario.assigner())
            .aggregate(Reference.aggregations())
            .lateEvents((event, time, watermark, position) -> late.add(new Late(event.copy(), watermark)))
            .sink(view)
            .sink(result -> emitted.add(result.toRow()))
            .build();
        final JobReport report = pipeline.run(config);
        final List<String> rows = new ArrayList<>();
        for (final ResultRow row : emitted)
        {
            rows.add(row.toString() + (row.isUpdate() ? " (update)" : ""));
        }
        return new Emitted(new ModeEquivalenceProperties.Run(report, Reference.of(view.rows()), late), emitted, rows);
    }

    /**
     * Rows of a BATCH job: windows by start, each window's keys ascending, each (window, key) once.
     */
    private static void assertWindowOrder(final List<ResultRow> rows)
    {
        long lastStart = Long.MIN_VALUE;
        long lastKey = Long.MIN_VALUE;
        for (final ResultRow row : rows)
        {
            final long start = row.windowStart();
            final long key = row.key();
            assertTrue(rows.get(0) == row || start > lastStart || (start == lastStart && key > lastKey),
                "out of order: " + rows);
            lastStart = start;
            lastKey = key;
        }
    }
}
