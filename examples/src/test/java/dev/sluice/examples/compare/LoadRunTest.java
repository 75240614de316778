package dev.sluice.examples.compare;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.window.EarlyResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A second under load with late events, in each mode: every event offered is either shown by the view or counted
 * as dropped, and the view's final result differs from a batch recount by exactly the dropped events; on one
 * thread and on a parallel job of two workers.
 */
class LoadRunTest
{
    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldShowEveryEventButTheLateOnesItDropsAndSaySo(final ExecutionMode mode, @TempDir final Path dir)
    {
        assertEveryEventShownOrDropped(new LoadRun(spec(mode, 1), dir, null, "test", true).run());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldAccountForEveryEventOnTwoWorkersToo(final ExecutionMode mode, @TempDir final Path dir)
    {
        // a parallel job's workers decode the records: the recorder learns of them from the log instead
        final LoadResult result = new LoadRun(spec(mode, 2), dir, null, "test", true).run();

        assertEquals(2, result.spec().parallelism());
        assertEveryEventShownOrDropped(result);
    }

    @Test
    void shouldLeaveTheWarmUpsEventsOutOfThePercentilesButShowThem(@TempDir final Path dir)
    {
        // 20,000 events/s for a warm-up of 500 ms and a run of 1 s: 30,000 offered, the last 20,000 measured
        final LoadSpec spec = new LoadSpec(ExecutionMode.STREAMING, 20_000, TimeUnit.SECONDS.toNanos(1), 100,
            TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(250), EarlyResults.everyEvent(), null,
            42, 0, 400, 1, TimeUnit.MILLISECONDS.toNanos(500));
        final LoadResult result = new LoadRun(spec, dir, null, "test", true).run();

        assertEquals(30_000, result.eventsOffered());
        assertEquals(30_000, result.eventsShown());
        assertEquals(20_000, result.eventToResult().total().getTotalCount());
        assertTrue(result.eventToResult().intervals().get(0).warmup(), "the first second shows the warm-up");
        assertTrue(result.resultAccountedFor());
    }

    private static LoadSpec spec(final ExecutionMode mode, final int parallelism)
    {
        // every 50th event 400 ms late: its 100 ms window has closed (streaming) or been published (batch)
        return new LoadSpec(mode, 20_000, TimeUnit.SECONDS.toNanos(1), 100, TimeUnit.MILLISECONDS.toNanos(50),
            TimeUnit.MILLISECONDS.toNanos(250), EarlyResults.everyEvent(), null, 42, 50, 400, parallelism);
    }

    private static void assertEveryEventShownOrDropped(final LoadResult result)
    {
        assertEquals(20_000, result.eventsOffered());
        assertTrue(result.lateDropped() > 0, "some late events were dropped: " + result.lateDropped());
        assertTrue(result.lateDropped() <= 20_000 / 50, "no more than the late ones: " + result.lateDropped());
        assertEquals(result.eventsOffered(), result.eventsShown() + result.lateDropped(),
            "every event shown, but the dropped");
        assertEquals(result.eventsOffered() - result.lateDropped(), result.viewOrders());
        assertTrue(result.resultAccountedFor());
        assertEquals(result.eventsShown(), result.eventToResult().total().getTotalCount());
        assertTrue(result.windowFinal().total().getTotalCount() > 0);
    }
}
