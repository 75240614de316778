package dev.sluice.core.window;

import dev.sluice.core.function.PipelineDefinitionException;

/**
 * Hopping (sliding) event-time windows: windows of {@code size} ms starting every {@code slide} ms, aligned to the
 * epoch plus an offset, so an event belongs to up to {@code ceil(size / slide)} overlapping windows: those with
 * {@code start <= t < start + size} and {@code start = offset + k * slide}. Immutable.
 */
public final class HoppingWindows implements WindowAssigner
{
    /** Most windows an event may belong to: bounds the work per event. */
    public static final int MAX_WINDOWS_PER_EVENT = 1024;

    private final long sizeMs;
    private final long slideMs;
    private final long offsetMs;
    private final int maxWindows;

    private HoppingWindows(final long sizeMs, final long slideMs, final long offsetMs)
    {
        this.sizeMs = sizeMs;
        this.slideMs = slideMs;
        this.offsetMs = offsetMs;
        this.maxWindows = (int)((sizeMs + slideMs - 1) / slideMs);
    }

    /**
     * @param sizeMs  window length in ms; &gt; 0.
     * @param slideMs how far each window starts after the one before, in ms; from 1 to {@code sizeMs}.
     * @return epoch-aligned hopping windows.
     */
    public static HoppingWindows of(final long sizeMs, final long slideMs)
    {
        return of(sizeMs, slideMs, 0);
    }

    /**
     * @param sizeMs   window length in ms; &gt; 0.
     * @param slideMs  how far each window starts after the one before, in ms; from 1 to {@code sizeMs}.
     * @param offsetMs shift of the window starts from the epoch; taken modulo the slide.
     * @return hopping windows aligned to {@code offsetMs}.
     */
    public static HoppingWindows of(final long sizeMs, final long slideMs, final long offsetMs)
    {
        if (sizeMs <= 0)
        {
            throw new PipelineDefinitionException("hopping window size " + sizeMs + " ms must be > 0: e.g. " +
                "HoppingWindows.of(600_000, 60_000) for 10-minute windows every minute");
        }
        if (slideMs <= 0 || slideMs > sizeMs)
        {
            throw new PipelineDefinitionException("hopping window slide " + slideMs + " ms must be from 1 to the" +
                " size " + sizeMs + " ms (a larger slide leaves gaps no window covers): lower the slide, or use " +
                "TumblingWindows.of(" + sizeMs + ") for windows that do not overlap");
        }
        if ((sizeMs + slideMs - 1) / slideMs > MAX_WINDOWS_PER_EVENT)
        {
            throw new PipelineDefinitionException("hopping windows of " + sizeMs + " ms every " + slideMs + " ms put " +
                "each event in " + ((sizeMs + slideMs - 1) / slideMs) + " windows, more than " + MAX_WINDOWS_PER_EVENT +
                ": raise the slide to at least " + ((sizeMs + MAX_WINDOWS_PER_EVENT - 1) / MAX_WINDOWS_PER_EVENT) +
                " ms");
        }
        return new HoppingWindows(sizeMs, slideMs, offsetMs);
    }

    public long sizeMs()
    {
        return sizeMs;
    }

    public long slideMs()
    {
        return slideMs;
    }

    public long offsetMs()
    {
        return offsetMs;
    }

    public int maxWindowsPerEvent()
    {
        return maxWindows;
    }

    public int assignWindows(final long timestampMs, final long[] starts)
    {
        final long lastStart = timestampMs - Math.floorMod(timestampMs - offsetMs, slideMs);
        // starts from the oldest window still holding the event up to the newest, ascending
        int n = 0;
        long start = lastStart - (long)(maxWindows - 1) * slideMs;
        for (; start <= lastStart; start += slideMs)
        {
            if (timestampMs - start < sizeMs)
            {
                starts[n++] = start;
            }
        }
        return n;
    }

    public long maxTimestamp(final long start)
    {
        return start + (sizeMs - 1);
    }

    public String layout()
    {
        return "hopping " + sizeMs + "/" + slideMs + "/" + Math.floorMod(offsetMs, slideMs);
    }

    public String toString()
    {
        return "HoppingWindows{sizeMs=" + sizeMs + ", slideMs=" + slideMs + ", offsetMs=" + offsetMs + '}';
    }
}
