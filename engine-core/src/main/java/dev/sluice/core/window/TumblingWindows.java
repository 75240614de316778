package dev.sluice.core.window;

import dev.sluice.core.function.PipelineDefinitionException;

/**
 * Tumbling event-time windows of a fixed size, aligned to the epoch plus an offset: a timestamp {@code t} belongs
 * to the window {@code [start, start + size)} with {@code start = t - floorMod(t - offset, size)}. Works for
 * negative timestamps (floor, not truncation, so -1 falls in the window before 0). Immutable.
 */
public final class TumblingWindows implements WindowAssigner
{
    private final long sizeMs;
    private final long offsetMs;

    private TumblingWindows(final long sizeMs, final long offsetMs)
    {
        this.sizeMs = sizeMs;
        this.offsetMs = offsetMs;
    }

    /**
     * @param sizeMs window length in ms; &gt; 0.
     * @return epoch-aligned windows.
     */
    public static TumblingWindows of(final long sizeMs)
    {
        return of(sizeMs, 0);
    }

    /**
     * @param sizeMs   window length in ms; &gt; 0.
     * @param offsetMs shift of the window boundaries from the epoch, e.g. a time zone; taken modulo size.
     * @return windows aligned to {@code offsetMs}.
     */
    public static TumblingWindows of(final long sizeMs, final long offsetMs)
    {
        if (sizeMs <= 0)
        {
            throw new PipelineDefinitionException("window size " + sizeMs + " ms must be > 0: use " +
                "TumblingWindows.of(sizeMs) with a positive size, e.g. 300_000 for 5 minutes");
        }
        return new TumblingWindows(sizeMs, offsetMs);
    }

    public long sizeMs()
    {
        return sizeMs;
    }

    public long offsetMs()
    {
        return offsetMs;
    }

    /**
     * @param timestampMs an event time.
     * @return start of its window.
     */
    public long windowStart(final long timestampMs)
    {
        return timestampMs - Math.floorMod(timestampMs - offsetMs, sizeMs);
    }

    /**
     * @param start a window start.
     * @return the last timestamp in the window (end - 1).
     */
    public long maxTimestamp(final long start)
    {
        return start + (sizeMs - 1);
    }

    public int maxWindowsPerEvent()
    {
        return 1;
    }

    public int assignWindows(final long timestampMs, final long[] starts)
    {
        starts[0] = windowStart(timestampMs);
        return 1;
    }

    public String layout()
    {
        // the layout of the releases before other window kinds: their checkpoints stay readable
        return sizeMs + "/" + offsetMs;
    }

    public String toString()
    {
        return "TumblingWindows{sizeMs=" + sizeMs + ", offsetMs=" + offsetMs + '}';
    }
}
