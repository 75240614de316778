package dev.sluice.examples.compare;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The latency recorder on a clock moved by hand: what it records is what happened, stalls included, counted for
 * every event they delayed (no coordinated omission).
 */
class ResultLatencyRecorderTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long EPOCH_MS = 1_767_225_600_000L;
    private static final long WINDOW_MS = 100;

    private final CachedNanoClock clock = new CachedNanoClock();
    // 1000 events a second: event i is due at i ms
    private final FixedRateSchedule schedule = new FixedRateSchedule(0, EPOCH_MS, 1000);
    private final ResultLatencyRecorder recorder = new ResultLatencyRecorder(schedule, 0, clock);

    @Test
    void shouldShowAnInjectedStallInThePercentilesExactlyAsInjected()
    {
        // every event shown the moment it is due, but the job stalls from 500 ms to 600 ms: the 100 events due in
        // the stall are shown at its end, 100 ms, 99 ms ... 1 ms late
        for (long i = 0; i < 1000; i++)
        {
            clock.update(i >= 500 && i < 600 ? 600 * MS : schedule.dueNs(i));
            showOne(i);
        }
        final Histogram latencies = recorder.intervalEventToResult(null);

        assertEquals(1000, latencies.getTotalCount());
        assertEquals(900, latencies.getCountBetweenValues(0, 0));
        for (long ms = 1; ms <= 100; ms++)
        {
            assertEquals(1, latencies.getCountAtValue(ms * MS), "one event " + ms + " ms late");
        }
        assertEquivalent(latencies, 0, latencies.getValueAtPercentile(90));
        assertEquivalent(latencies, 50 * MS, latencies.getValueAtPercentile(95));
        assertEquivalent(latencies, 90 * MS, latencies.getValueAtPercentile(99));
        assertEquivalent(latencies, 99 * MS, latencies.getValueAtPercentile(99.9));
        assertEquivalent(latencies, 100 * MS, latencies.getMaxValue());
        assertEquals(1000, recorder.shown());
        assertEquals(0, recorder.invisible());
        assertEquals(0, recorder.unmatched());
    }

    @Test
    void shouldCountAStallOfTheProducerTooBecauseLatencyStartsAtTheDueTime()
    {
        // the producer appends events 0..9 only at 50 ms; the job shows each at once: each waited 50 - i ms
        clock.update(50 * MS);
        for (long i = 0; i < 10; i++)
        {
            showOne(i);
        }
        final Histogram latencies = recorder.intervalEventToResult(null);
        assertEquals(10, latencies.getTotalCount());
        assertEquivalent(latencies, 50 * MS, latencies.getMaxValue());
        assertEquivalent(latencies, 41 * MS, latencies.getMinValue());
    }

    @Test
    void shouldShowEveryEventOfAResultAtOnceAndMeasureWindowFinalFromTheWindowsEnd()
    {
        // one key: events 0..249 fall in windows [0,100), [100,200), [200,300) ms; a scheduled batch at 260 ms shows
        // the two complete windows, at once
        for (long i = 0; i < 250; i++)
        {
            recorder.onRead(i, windowStartMs(i), 7);
        }
        clock.update(260 * MS);
        recorder.onResult(EPOCH_MS, EPOCH_MS + WINDOW_MS, 7, 100, true);
        recorder.onResult(EPOCH_MS + WINDOW_MS, EPOCH_MS + 2 * WINDOW_MS, 7, 100, true);

        final Histogram eventToResult = recorder.intervalEventToResult(null);
        assertEquals(200, eventToResult.getTotalCount());
        assertEquivalent(eventToResult, 260 * MS, eventToResult.getMaxValue());
        assertEquivalent(eventToResult, 61 * MS, eventToResult.getMinValue());

        final Histogram windowFinal = recorder.intervalWindowFinal(null);
        assertEquals(2, windowFinal.getTotalCount());
        assertEquals(1, windowFinal.getCountAtValue(160 * MS), "window [0,100) could close at 100 ms");
        assertEquals(1, windowFinal.getCountAtValue(60 * MS), "window [100,200) could close at 200 ms");
        assertEquals(50, recorder.invisible(), "the open window's events are not shown yet");
        assertEquals(2, recorder.peakOpenGroups() - 1, "three groups were open at once");
    }

    @Test
    void shouldLeaveLateEventsUnshownAndWindowsFlushedAtTheEndOutOfWindowFinal()
    {
        recorder.onRead(0, windowStartMs(0), 1);
        recorder.onRead(1, windowStartMs(1), 1);
        clock.update(150 * MS);
        recorder.onResult(EPOCH_MS, EPOCH_MS + WINDOW_MS, 1, 2, true);
        // a late event of the window that closed: read, never shown
        recorder.onRead(140, windowStartMs(0), 1);
        // the stream ends at 149 ms; the window [100, 200) is flushed at 160 ms, before it could close
        recorder.onRead(149, windowStartMs(149), 1);
        recorder.endOfStream(schedule.dueNs(149));
        clock.update(160 * MS);
        recorder.onResult(EPOCH_MS + WINDOW_MS, EPOCH_MS + 2 * WINDOW_MS, 1, 1, true);

        assertEquals(1, recorder.invisible());
        assertEquals(3, recorder.shown());
        assertEquals(1, recorder.intervalWindowFinal(null).getTotalCount(), "only the window that could close");
    }

    private void showOne(final long index)
    {
        // each event its own key: its result counts it alone, as a running value
        recorder.onRead(index, windowStartMs(index), index);
        recorder.onResult(windowStartMs(index), windowStartMs(index) + WINDOW_MS, index, 1, false);
    }

    private long windowStartMs(final long index)
    {
        final long time = schedule.eventTimeMs(index);
        return time - Math.floorMod(time, WINDOW_MS);
    }

    private static void assertEquivalent(final Histogram histogram, final long expectedNs, final long actualNs)
    {
        assertTrue(histogram.valuesAreEquivalent(expectedNs, actualNs),
            "expected " + expectedNs + " ns, got " + actualNs + " ns");
    }

    @Test
    void shouldCountAFinalResultOfAWindowAndKeyThatAlreadyHadOne()
    {
        clock.update(200 * MS);
        recorder.onRead(0, EPOCH_MS, 7);
        recorder.onRead(1, EPOCH_MS, 7);
        recorder.onResult(EPOCH_MS, EPOCH_MS + WINDOW_MS, 7, 1, false);
        recorder.onResult(EPOCH_MS, EPOCH_MS + WINDOW_MS, 7, 2, true);
        assertEquals(0, recorder.finalAgain(), "a running value, then the final one");

        // a scheduled batch that published the window again, as if its range overlapped an earlier run's
        recorder.onResult(EPOCH_MS, EPOCH_MS + WINDOW_MS, 7, 1, true);
        assertEquals(1, recorder.finalAgain());
        assertEquals(2, recorder.shown());
        assertEquals(0, recorder.unmatched());
    }

    @Test
    void shouldKeepAWarmUpsStallOutOfThePercentilesAndAStallAfterItIn()
    {
        // warm-up until 300 ms: a stall of the job from 100 to 200 ms (in it) and one from 500 to 600 ms (after it)
        recorder.warmUpUntil(300 * MS);
        for (long i = 0; i < 1000; i++)
        {
            final boolean stalled = (i >= 100 && i < 200) || (i >= 500 && i < 600);
            clock.update(stalled ? (i / 100 + 1) * 100 * MS : schedule.dueNs(i));
            showOne(i);
        }
        final Histogram measured = recorder.intervalEventToResult(null);
        final Histogram warmup = recorder.intervalWarmupEventToResult(null);

        assertEquals(700, measured.getTotalCount(), "events 300..999, due from the warm-up's end on");
        assertEquals(300, warmup.getTotalCount(), "events 0..299");
        for (long ms = 1; ms <= 100; ms++)
        {
            assertEquals(1, measured.getCountAtValue(ms * MS), "the stall after the warm-up, in full");
            assertEquals(1, warmup.getCountAtValue(ms * MS), "the stall in the warm-up, in its own histogram");
        }
        assertEquivalent(measured, 100 * MS, measured.getMaxValue());
        assertEquals(1000, recorder.shown());
    }

    @Test
    void shouldMeasureWindowFinalOnlyForWindowsThatCouldBeFinalAfterTheWarmUp()
    {
        recorder.warmUpUntil(150 * MS);
        // one key, windows [0,100) and [100,200) ms; each final result 5 ms after its window's end
        for (long i = 0; i < 200; i++)
        {
            recorder.onRead(i, windowStartMs(i), 7);
        }
        clock.update(105 * MS);
        recorder.onResult(EPOCH_MS, EPOCH_MS + WINDOW_MS, 7, 100, true);
        clock.update(205 * MS);
        recorder.onResult(EPOCH_MS + WINDOW_MS, EPOCH_MS + 2 * WINDOW_MS, 7, 100, true);

        final Histogram measured = recorder.intervalWindowFinal(null);
        final Histogram warmup = recorder.intervalWarmupWindowFinal(null);
        assertEquals(1, measured.getTotalCount());
        assertEquivalent(measured, 5 * MS, measured.getMaxValue());
        assertEquals(1, warmup.getTotalCount());
        assertEquals(0, recorder.unmatched());
    }
}
