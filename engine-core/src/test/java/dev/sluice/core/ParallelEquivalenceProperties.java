package dev.sluice.core;

import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.source.Source;
import dev.sluice.log.KeyGroups;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Invariant 1 of DESIGN.md at every parallelism: the same pipeline on 1, 2 and 4 workers gives the same results in
 * every mode, late events included. Over one input the workers judge every event exactly as a job on one thread
 * does: results, late counts and the late events themselves are the job's. Over a partitioned input (routed by key,
 * round robin, or with empty partitions), each partition has its own watermark, so lateness depends on the partition
 * alone: every parallelism gives the same results and late events, and each run differs from the plain group-by by
 * exactly what it reported late. Keys are skewed in some scenarios (one hot key holds most events).
 */
class ParallelEquivalenceProperties
{
    private static final int[] PARALLELISMS = { 1, 2, 4 };

    enum Layout
    {
        /** one input, read by one worker and exchanged */
        SINGLE,
        /** three partitions, each key in one of them (routed over the default key groups) */
        BY_KEY,
        /** three partitions in turn, keys everywhere */
        ROUND_ROBIN,
        /** four partitions, two of them empty */
        WITH_EMPTY
    }

    @Provide
    Arbitrary<ModeEquivalenceProperties.Scenario> boundedDisorder()
    {
        return new ModeEquivalenceProperties().boundedDisorder();
    }

    @Provide
    Arbitrary<ModeEquivalenceProperties.Scenario> withLateEvents()
    {
        return new ModeEquivalenceProperties().withLateEvents();
    }

    @Provide
    Arbitrary<Layout> layouts()
    {
        return Arbitraries.of(Layout.class);
    }

    @Property(tries = 50)
    void everyParallelismShouldEqualThePlainGroupByWhenDisorderIsBounded(
        @ForAll("boundedDisorder") final ModeEquivalenceProperties.Scenario original,
        @ForAll("layouts") final Layout layout,
        @ForAll final boolean hotKey,
        @ForAll @IntRange(min = 1, max = 50) final int microBatchSize)
    {
        final ModeEquivalenceProperties.Scenario scenario = hotKey ? withHotKey(original) : original;
        final TreeMap<String, String> expected = scenario.groupBy(scenario.events());
        Statistics.label("window kind").collect(scenario.kind());
        for (final ExecutionConfig config : ModeEquivalenceProperties.configs(microBatchSize))
        {
            for (final int parallelism : PARALLELISMS)
            {
                final ModeEquivalenceProperties.Run run = run(scenario, layout, config, parallelism);
                final String what = layout + " at " + parallelism + " " + config;
                assertEquals(0, run.report().eventsLate(), what);
                assertEquals(scenario.events().size(), run.report().eventsIn(), what);
                assertEquals(expected, run.result(), what);
            }
        }
    }

    @Property(tries = 50)
    void everyParallelismShouldJudgeTheSameEventsLate(
        @ForAll("withLateEvents") final ModeEquivalenceProperties.Scenario original,
        @ForAll("layouts") final Layout layout,
        @ForAll final boolean hotKey,
        @ForAll @IntRange(min = 1, max = 50) final int microBatchSize)
    {
        // sessions with late events: see ModeEquivalenceProperties (a late event bridging into an open session)
        Assume.that(original.kind() != ModeEquivalenceProperties.WindowKind.SESSION);
        final ModeEquivalenceProperties.Scenario scenario = hotKey ? withHotKey(original) : original;
        boolean anyLate = false;
        for (final ExecutionConfig config : ModeEquivalenceProperties.configs(microBatchSize))
        {
            // over one input, the job on one thread is the reference; over partitions, parallelism 1
            final ModeEquivalenceProperties.Run reference = layout == Layout.SINGLE ?
                ModeEquivalenceProperties.run(scenario, config) : run(scenario, layout, config, 1);
            anyLate |= reference.report().eventsLate() > 0;
            for (final int parallelism : PARALLELISMS)
            {
                final ModeEquivalenceProperties.Run run = run(scenario, layout, config, parallelism);
                final String what = layout + " at " + parallelism + " " + config;
                assertEquals(reference.result(), run.result(), what);
                assertEquals(reference.report().eventsLate(), run.report().eventsLate(), what);
                assertEquals(sorted(reference.late()), sorted(run.late()), what);
                assertEquals(expectedWithout(scenario, run.late()), run.result(), what);
            }
        }
        if (scenario.kind() != ModeEquivalenceProperties.WindowKind.GLOBAL)
        {
            Statistics.label("some mode saw late events").collect(anyLate);
        }
    }

    /**
     * Most events moved to key 0: one worker holds most of the state.
     */
    private static ModeEquivalenceProperties.Scenario withHotKey(final ModeEquivalenceProperties.Scenario scenario)
    {
        final List<TestEvent> events = new ArrayList<>();
        for (int i = 0; i < scenario.events().size(); i++)
        {
            final TestEvent e = scenario.events().get(i);
            events.add(new TestEvent(i % 5 == 0 ? e.key : 0, e.time, e.value));
        }
        return new ModeEquivalenceProperties.Scenario(events, scenario.kind(), scenario.windowSize(), scenario.slide(),
            scenario.windowOffset(), scenario.bound());
    }

    /**
     * The plain group-by of every (event, window) pair but those of a late event whose window its watermark had passed.
     */
    static TreeMap<String, String> expectedWithout(
        final ModeEquivalenceProperties.Scenario scenario, final List<ModeEquivalenceProperties.Late> late)
    {
        final List<ModeEquivalenceProperties.Late> lateLeft = new ArrayList<>(late);
        final TreeMap<String, String> expected = Reference.groupBy(scenario.events(), event ->
        {
            final List<Long> starts = scenario.windowsOf(event.time);
            for (int i = 0; i < lateLeft.size(); i++)
            {
                final TestEvent l = lateLeft.get(i).event();
                if (l.key == event.key && l.time == event.time && l.value == event.value)
                {
                    final long watermark = lateLeft.remove(i).watermark();
                    starts.removeIf(start -> scenario.maxTimestamp(start) <= watermark);
                    break;
                }
            }
            return starts;
        });
        assertEquals(List.of(), lateLeft, "the side output gave events not in the input");
        return expected;
    }

    private static List<String> sorted(final List<ModeEquivalenceProperties.Late> late)
    {
        final List<String> lines = new ArrayList<>();
        for (final ModeEquivalenceProperties.Late l : late)
        {
            lines.add(l.event() + "/" + l.watermark());
        }
        lines.sort(Comparator.naturalOrder());
        return lines;
    }

    static ModeEquivalenceProperties.Run run(
        final ModeEquivalenceProperties.Scenario scenario, final Layout layout, final ExecutionConfig config,
        final int parallelism)
    {
        final Source source = source(scenario.events(), layout);
        final LatestResultView view = new LatestResultView();
        final List<ModeEquivalenceProperties.Late> late = Collections.synchronizedList(new ArrayList<>());
        final JobReport report;
        try (ParallelJob job = ParallelJob.create(() -> ModeEquivalenceProperties.pipeline(source, scenario, view, late),
            config, Parallelism.of(parallelism)))
        {
            report = job.run();
        }
        return new ModeEquivalenceProperties.Run(report, Reference.of(view.rows()), new ArrayList<>(late));
    }

    static Source source(final List<TestEvent> events, final Layout layout)
    {
        if (layout == Layout.SINGLE)
        {
            final InMemoryLog log = new InMemoryLog();
            final TestEvent.TestCodec codec = new TestEvent.TestCodec();
            for (final TestEvent e : events)
            {
                log.append(codec, e);
            }
            return log.all();
        }
        final int count = layout == Layout.WITH_EMPTY ? 4 : 3;
        final List<List<TestEvent>> partitions = new ArrayList<>();
        for (int p = 0; p < count; p++)
        {
            partitions.add(new ArrayList<>());
        }
        for (int i = 0; i < events.size(); i++)
        {
            final TestEvent e = events.get(i);
            final int partition = switch (layout)
            {
                case BY_KEY -> KeyGroups.ownerOfKey(e.key, KeyGroups.DEFAULT_KEY_GROUPS, count);
                case ROUND_ROBIN -> i % count;
                default -> (i % 2) * 2;
            };
            partitions.get(partition).add(e);
        }
        return new InMemoryPartitions(partitions, layout == Layout.BY_KEY ? KeyGroups.DEFAULT_KEY_GROUPS : 0);
    }
}
