package dev.sluice.core;

import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.core.window.HoppingWindows;
import dev.sluice.core.window.SessionWindows;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.core.window.WindowAssigner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Invariant 1 of DESIGN.md: one definition, same answer. For arbitrary streams (random keys, values, timestamps
 * with bounded disorder, negative times included) and every window kind (tumbling, hopping, global) every mode
 * equals a plain group-by; with disorder beyond the bound, each mode's result equals the group-by of all events
 * except what it reported late: a late event misses every window of it the watermark it was reported with had
 * passed.
 */
class ModeEquivalenceProperties
{
    /**
     * A generated scenario: events plus window and watermark parameters.
     */
    record Scenario(List<TestEvent> events, WindowKind kind, long windowSize, long slide, long windowOffset,
        long bound)
    {
        WindowAssigner assigner()
        {
            return switch (kind)
            {
                case TUMBLING -> TumblingWindows.of(windowSize, windowOffset);
                case HOPPING -> HoppingWindows.of(windowSize, slide, windowOffset);
                case GLOBAL -> GlobalWindows.create();
                case SESSION -> SessionWindows.withGap(windowSize);
            };
        }

        /**
         * @return the plain group-by of {@code events} in these windows; sessions found from all of a key's events
         * at once (sorted by time, an event less than the gap after the session's end so far extends it).
         */
        /**
         * @param late what a run's side output gave, with the watermark each was judged against.
         * @return the plain group-by of every (event, window) pair but those of a late event whose window its
         * watermark had passed.
         * @throws AssertionError when the side output gave an event the input does not hold.
         */
        TreeMap<String, String> groupByLessLate(final List<Late> late)
        {
            final List<Late> lateLeft = new ArrayList<>(late);
            final TreeMap<String, String> expected = Reference.groupBy(events, event ->
            {
                final List<Long> starts = windowsOf(event.time);
                for (int i = 0; i < lateLeft.size(); i++)
                {
                    final TestEvent lateEvent = lateLeft.get(i).event();
                    if (lateEvent.key == event.key && lateEvent.time == event.time && lateEvent.value == event.value)
                    {
                        final long watermark = lateLeft.remove(i).watermark();
                        starts.removeIf(start -> maxTimestamp(start) <= watermark);
                        break;
                    }
                }
                return starts;
            });
            org.junit.jupiter.api.Assertions.assertEquals(List.of(), lateLeft,
                "the side output gave events not in the input");
            return expected;
        }

        TreeMap<String, String> groupBy(final List<TestEvent> events)
        {
            if (kind != WindowKind.SESSION)
            {
                return Reference.groupBy(events, event -> windowsOf(event.time));
            }
            final Map<Long, List<TestEvent>> byKey = new HashMap<>();
            for (final TestEvent e : events)
            {
                byKey.computeIfAbsent(e.key, k -> new ArrayList<>()).add(e);
            }
            final Map<TestEvent, Long> sessionOf = new IdentityHashMap<>();
            for (final List<TestEvent> keyEvents : byKey.values())
            {
                final List<TestEvent> sorted = new ArrayList<>(keyEvents);
                sorted.sort(Comparator.comparingLong(e -> e.time));
                long start = Long.MIN_VALUE;
                long end = Long.MIN_VALUE;
                for (final TestEvent e : sorted)
                {
                    if (start == Long.MIN_VALUE || e.time >= end)
                    {
                        start = e.time;
                    }
                    end = Math.max(end, e.time + windowSize);
                    sessionOf.put(e, start);
                }
            }
            return Reference.groupBy(events, event -> List.of(sessionOf.get(event)));
        }

        /**
         * @return the starts of the windows holding {@code time}, found by trying every start near it: a reference
         * that shares no code with the assigners.
         */
        List<Long> windowsOf(final long time)
        {
            final List<Long> starts = new ArrayList<>();
            switch (kind)
            {
                case TUMBLING -> starts.add(time - Math.floorMod(time - windowOffset, windowSize));
                case HOPPING ->
                {
                    for (long start = time - windowSize - slide; start <= time; start++)
                    {
                        if (Math.floorMod(start - windowOffset, slide) == 0 && start <= time &&
                            time < start + windowSize)
                        {
                            starts.add(start);
                        }
                    }
                }
                case GLOBAL -> starts.add(GlobalWindows.START);
                case SESSION -> throw new IllegalStateException("a session depends on the other events: groupBy");
            }
            return starts;
        }

        long maxTimestamp(final long start)
        {
            return kind == WindowKind.GLOBAL ? GlobalWindows.MAX_TIMESTAMP : start + windowSize - 1;
        }
    }

    enum WindowKind
    {
        TUMBLING, HOPPING, GLOBAL, SESSION
    }

    /** A late event as the side output saw it, with the watermark it was judged against. */
    record Late(TestEvent event, long watermark)
    {
    }

    @Provide
    Arbitrary<Scenario> boundedDisorder()
    {
        return scenario(false);
    }

    @Provide
    Arbitrary<Scenario> withLateEvents()
    {
        return scenario(true);
    }

    private Arbitrary<Scenario> scenario(final boolean late)
    {
        final Arbitrary<Long> bound = Arbitraries.longs().between(0, 40);
        final Arbitrary<Long> size = Arbitraries.longs().between(1, 60);
        final Arbitrary<WindowKind> kind = Arbitraries.of(WindowKind.class);
        final Arbitrary<Long> slideDivisor = Arbitraries.longs().between(1, 5);
        final Arbitrary<Long> offset = Arbitraries.longs().between(-30, 30);
        final Arbitrary<Long> base = Arbitraries.longs().between(-500, 500);
        final Arbitrary<List<long[]>> raw = Combinators.combine(
            Arbitraries.longs().between(0, 5),       // key
            Arbitraries.longs().between(0, 7),       // step of nominal time
            Arbitraries.doubles().between(0, 1),     // jitter fraction of the bound
            Arbitraries.longs().between(-20, 20),    // value
            Arbitraries.integers().between(0, 9))    // chance of an extra late delay
            .as((k, step, jitter, v, chance) -> new long[]{ k, step, Double.doubleToRawLongBits(jitter), v, chance })
            .list().ofMinSize(0).ofMaxSize(120);
        return Combinators.combine(raw, size, offset, bound, base, kind, slideDivisor)
            .as((rows, s, o, b, start, k, divisor) ->
        {
            final List<TestEvent> events = new ArrayList<>();
            long nominal = start;
            for (final long[] r : rows)
            {
                nominal += r[1];
                long time = nominal - (long)Math.floor(Double.longBitsToDouble(r[2]) * b);
                if (late && r[4] == 0)
                {
                    time -= b + 1 + r[1] * 13;
                }
                events.add(new TestEvent(r[0], time, r[3]));
            }
            // a slide of size / divisor, rounded up: from the size itself down to a fifth of it
            return new Scenario(events, k, s, Math.max(1, (s + divisor - 1) / divisor), o, b);
        });
    }

    @Property(tries = 400)
    void everyModeShouldEqualThePlainGroupByWhenDisorderIsBounded(
        @ForAll("boundedDisorder") final Scenario scenario,
        @ForAll @IntRange(min = 1, max = 50) final int microBatchSize)
    {
        final TreeMap<String, String> expected = scenario.groupBy(scenario.events());
        Statistics.label("window kind").collect(scenario.kind());
        for (final ExecutionConfig config : configs(microBatchSize))
        {
            final Run run = run(scenario, config);
            assertEquals(0, run.report.eventsLate(), config.toString());
            assertEquals(scenario.events().size(), run.report.eventsIn(), config.toString());
            assertEquals(expected, run.result, config.toString());
        }
    }

    @Property(tries = 400)
    void everyModeShouldDifferFromBatchByExactlyTheEventsItReportsLate(
        @ForAll("withLateEvents") final Scenario scenario,
        @ForAll @IntRange(min = 1, max = 50) final int microBatchSize)
    {
        // a late event that bridges into an open session joins it, where a batch over everything joins more: sessions
        // are held to the plain group-by with bounded disorder, and to the late cases of SessionWindowsTest
        Assume.that(scenario.kind() != WindowKind.SESSION);
        final Run batch = run(scenario, ExecutionConfig.batch());
        assertEquals(0, batch.report.eventsLate());
        assertEquals(scenario.groupBy(scenario.events()), batch.result);

        boolean anyLate = false;
        for (final ExecutionConfig config : configs(microBatchSize))
        {
            final Run run = run(scenario, config);
            anyLate |= run.report.eventsLate() > 0;
            assertEquals(run.late.size(), run.report.eventsLate(), config.toString());
            assertEquals(scenario.groupByLessLate(run.late), run.result, config.toString());
        }
        // the generator must really produce late events, or this property proves nothing; the global window ends
        // only with the input, so nothing is ever late for it
        if (scenario.kind() != WindowKind.GLOBAL)
        {
            Statistics.label("some mode saw late events").collect(anyLate);
            Statistics.label("some mode saw late events").coverage(
                coverage -> coverage.check(true).percentage(p -> p > 20));
        }
    }

    @Property(tries = 100)
    void streamingShouldReportNoFewerLateEventsThanAnyMicroBatchSize(
        @ForAll("withLateEvents") final Scenario scenario,
        @ForAll @IntRange(min = 1, max = 50) final int microBatchSize)
    {
        // a micro-batch checks lateness against the watermark of its start, which lags the per-event one
        final Run streaming = run(scenario, ExecutionConfig.streaming());
        final Run micro = run(scenario, ExecutionConfig.microBatch().maxRecordsPerBatch(microBatchSize));
        assertEquals(true, streaming.report.eventsLate() >= micro.report.eventsLate(),
            "streaming " + streaming.report + " micro " + micro.report);
    }

    static List<ExecutionConfig> configs(final int microBatchSize)
    {
        return List.of(
            ExecutionConfig.batch(),
            ExecutionConfig.microBatch().maxRecordsPerBatch(microBatchSize),
            ExecutionConfig.microBatch().availableNow(true),
            ExecutionConfig.streaming().pollLimit(Math.max(1, microBatchSize / 3)));
    }

    record Run(JobReport report, TreeMap<String, String> result, List<Late> late)
    {
    }

    static Run run(final Scenario scenario, final ExecutionConfig config)
    {
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        for (final TestEvent e : scenario.events())
        {
            log.append(codec, e);
        }
        final LatestResultView view = new LatestResultView();
        final List<Late> late = new ArrayList<>();
        final JobReport report = pipeline(log.all(), scenario, view, late).run(config);
        return new Run(report, Reference.of(view.rows()), late);
    }

    /**
     * @return the scenario's pipeline: late events, with the watermark they were judged against, into {@code late}.
     */
    static Pipeline pipeline(
        final Source source, final Scenario scenario, final LatestResultView view, final List<Late> late)
    {
        return Pipeline.from(source, new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.<TestEvent>boundedOutOfOrderness(scenario.bound()))
            .keyBy(TestEvent::key)
            .window(scenario.assigner())
            .aggregate(Reference.aggregations())
            .lateEvents((event, time, watermark, position) -> late.add(new Late(event.copy(), watermark)))
            .sink(view)
            .build();
    }
}
