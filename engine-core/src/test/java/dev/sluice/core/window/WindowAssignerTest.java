package dev.sluice.core.window;

import dev.sluice.core.function.PipelineDefinitionException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window kinds: which windows hold a timestamp, and the definitions each refuses with the value and the fix.
 */
class WindowAssignerTest
{
    @Test
    void shouldPutAnEventInEveryHoppingWindowThatHoldsIt()
    {
        final HoppingWindows windows = HoppingWindows.of(10, 4);
        assertEquals(3, windows.maxWindowsPerEvent());
        // windows start at ..., -4, 0, 4, 8, ...: 9 is in [0, 10) and [4, 14) and [8, 18)
        assertArrayEquals(new long[] {0, 4, 8}, assign(windows, 9));
        // 11 is in [4, 14) and [8, 18) only: [0, 10) ended
        assertArrayEquals(new long[] {4, 8}, assign(windows, 11));
        assertArrayEquals(new long[] {-8, -4, 0}, assign(windows, 0));
        assertArrayEquals(new long[] {-8, -4}, assign(windows, -1));
        assertEquals(13, windows.maxTimestamp(4));
    }

    @Property(tries = 500)
    void shouldAssignExactlyTheWindowsThatHoldTheTimestamp(
        @ForAll @LongRange(min = -10_000, max = 10_000) final long timestamp,
        @ForAll @LongRange(min = 1, max = 300) final long size,
        @ForAll @LongRange(min = 1, max = 300) final long slide,
        @ForAll @LongRange(min = -500, max = 500) final long offset)
    {
        if (slide > size)
        {
            return;
        }
        final HoppingWindows windows = HoppingWindows.of(size, slide, offset);
        final long[] assigned = assign(windows, timestamp);
        long expectedCount = 0;
        for (long start = timestamp - size + 1; start <= timestamp; start++)
        {
            if (Math.floorMod(start - offset, slide) == 0)
            {
                assertTrue(Arrays.binarySearch(assigned, start) >= 0, "window at " + start + " is missing");
                expectedCount++;
            }
        }
        assertEquals(expectedCount, assigned.length);
    }

    @Test
    void shouldHoldEveryEventInTheOneGlobalWindow()
    {
        final GlobalWindows windows = GlobalWindows.create();
        assertArrayEquals(new long[] {GlobalWindows.START}, assign(windows, Long.MIN_VALUE));
        assertArrayEquals(new long[] {GlobalWindows.START}, assign(windows, 42));
        assertEquals(Long.MAX_VALUE - 1, windows.maxTimestamp(GlobalWindows.START));
    }

    @Test
    void shouldRefuseDefinitionsThatCannotWorkNamingTheValueAndTheFix()
    {
        assertRefused(() -> HoppingWindows.of(60_000, 120_000), "slide 120000", "TumblingWindows.of(60000)");
        assertRefused(() -> HoppingWindows.of(60_000, 0), "slide 0", "from 1 to the size");
        assertRefused(() -> HoppingWindows.of(0, 1), "size 0", "HoppingWindows.of(600_000, 60_000)");
        assertRefused(() -> HoppingWindows.of(1_000_000, 1), "1000000 windows", "at least 977 ms");
        assertRefused(() -> TumblingWindows.of(0), "window size 0", "positive size");
        assertRefused(() -> TumblingWindows.of(-5, 1), "window size -5", "positive size");
    }

    private static long[] assign(final WindowAssigner windows, final long timestamp)
    {
        final long[] starts = new long[windows.maxWindowsPerEvent()];
        return Arrays.copyOf(starts, windows.assignWindows(timestamp, starts));
    }

    private static void assertRefused(final Runnable definition, final String value, final String fix)
    {
        final PipelineDefinitionException ex = assertThrows(PipelineDefinitionException.class, definition::run);
        assertTrue(ex.getMessage().contains(value), ex.getMessage());
        assertTrue(ex.getMessage().contains(fix), ex.getMessage());
    }
}
