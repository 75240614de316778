package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.core.window.SessionWindows;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session windows by example: an event that bridges two sessions joins them, touching sessions stay apart, a
 * late event that bridges into an open session joins only that one, and what sessions cannot do is refused.
 */
class SessionWindowsTest
{
    private static final long GAP = 10;

    @Test
    void shouldJoinTwoSessionsWhenAnEventBridgesThemInEveryMode()
    {
        // key 1: 0 gives [0, 10), 25 gives [25, 35), 12 gives [12, 22) (overlapping neither), and 18's [18, 28)
        // overlaps both [12, 22) and [25, 35): one session [12, 35). Key 2: [40, 50) and [50, 60) only touch
        final List<TestEvent> events = List.of(
            TestEvent.of(1, 0, 1), TestEvent.of(1, 25, 2), TestEvent.of(1, 12, 4), TestEvent.of(1, 18, 8),
            TestEvent.of(2, 40, 16), TestEvent.of(2, 50, 32));
        for (final ExecutionConfig config : List.of(ExecutionConfig.batch(), ExecutionConfig.streaming(),
            ExecutionConfig.microBatch().maxRecordsPerBatch(2)))
        {
            final LatestResultView view = run(events, 30, config);
            assertEquals(List.of("1 [0,10) n=1 sum=1", "1 [12,35) n=3 sum=14", "2 [40,50) n=1 sum=16",
                "2 [50,60) n=1 sum=32"), describe(view.rows()), config.toString());
        }
    }

    @Test
    void shouldLetALateEventJoinOnlyTheSessionStillOpen()
    {
        // watermark bound 0: after 15 the watermark is 14 and [0, 10) has closed; 12's window [12, 22) overlaps
        // the open [15, 25), which it joins
        final List<TestEvent> events = List.of(TestEvent.of(1, 0, 1), TestEvent.of(1, 15, 2),
            TestEvent.of(1, 12, 4));
        final LatestResultView streaming = new LatestResultView();
        final List<TestEvent> late = new ArrayList<>();
        pipeline(events, 0, streaming, late).run(ExecutionConfig.streaming());
        assertEquals(List.of("1 [0,10) n=1 sum=1", "1 [12,25) n=2 sum=6"), describe(streaming.rows()));
        assertTrue(late.isEmpty());

        final LatestResultView batch = run(events, 0, ExecutionConfig.batch());
        // over everything at once, 12 does not reach [0, 10) either: the same sessions
        assertEquals(describe(streaming.rows()), describe(batch.rows()));

        // an event whose own window ended before the watermark, overlapping no open session, is late
        final List<TestEvent> withLate = List.of(TestEvent.of(1, 0, 1), TestEvent.of(1, 40, 2),
            TestEvent.of(1, 20, 4));
        final LatestResultView view = new LatestResultView();
        final JobReport report = pipeline(withLate, 0, view, late).run(ExecutionConfig.streaming());
        assertEquals(1, report.eventsLate());
        assertEquals(20, late.get(0).time);
        assertEquals(List.of("1 [0,10) n=1 sum=1", "1 [40,50) n=1 sum=2"), describe(view.rows()));
    }

    @Test
    void shouldRefuseWhatSessionsCannotDoNamingTheFix()
    {
        final PipelineDefinitionException gap = assertThrows(PipelineDefinitionException.class,
            () -> SessionWindows.withGap(0));
        assertTrue(gap.getMessage().contains("session gap 0 ms") && gap.getMessage().contains("withGap("),
            gap.getMessage());
        final PipelineDefinitionException lateness = assertThrows(PipelineDefinitionException.class,
            () -> builder(List.of(), 0).allowedLateness(5).sink(new LatestResultView()).build());
        assertTrue(lateness.getMessage().contains("allowedLateness 5 ms"), lateness.getMessage());
        final PipelineDefinitionException early = assertThrows(PipelineDefinitionException.class,
            () -> builder(List.of(), 0).earlyResults(EarlyResults.everyEvent()).sink(new LatestResultView()).build());
        assertTrue(early.getMessage().contains("remove earlyResults"), early.getMessage());
    }

    private static LatestResultView run(final List<TestEvent> events, final long bound, final ExecutionConfig config)
    {
        final LatestResultView view = new LatestResultView();
        pipeline(events, bound, view, new ArrayList<>()).run(config);
        return view;
    }

    private static Pipeline pipeline(
        final List<TestEvent> events, final long bound, final LatestResultView view, final List<TestEvent> late)
    {
        return builder(events, bound)
            .lateEvents((event, time, watermark, position) -> late.add(event.copy()))
            .sink(view)
            .build();
    }

    private static PipelineBuilder<TestEvent> builder(final List<TestEvent> events, final long bound)
    {
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        for (final TestEvent e : events)
        {
            log.append(codec, e);
        }
        return Pipeline.from(log.all(), codec)
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(bound))
            .keyBy(TestEvent::key)
            .window(SessionWindows.withGap(GAP))
            .aggregate(Aggregations.count("n"), Aggregations.sum("sum", TestEvent::value));
    }

    private static List<String> describe(final List<ResultRow> rows)
    {
        final List<String> lines = new ArrayList<>();
        for (final ResultRow row : rows)
        {
            lines.add(row.key() + " [" + row.windowStart() + "," + row.windowEnd() + ") n=" + row.longValue("n") +
                " sum=" + row.longValue("sum"));
        }
        return lines;
    }
}
