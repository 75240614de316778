package dev.sluice.core.window;

import dev.sluice.core.function.PipelineDefinitionException;

/**
 * Session windows: per key, events less than {@code gap} ms apart form one window, from the first event to the
 * last plus the gap. An event first gets the window {@code [t, t + gap)}; windows of one key that overlap merge, so
 * an event that bridges two sessions joins them into one (their aggregations merged). Windows that only touch stay
 * apart, so that every mode finds the same sessions. A session closes when the watermark passes its end.
 * Immutable.
 */
public final class SessionWindows implements WindowAssigner
{
    private final long gapMs;

    private SessionWindows(final long gapMs)
    {
        this.gapMs = gapMs;
    }

    /**
     * @param gapMs the longest quiet time within a session, in ms; &gt; 0.
     * @return session windows.
     */
    public static SessionWindows withGap(final long gapMs)
    {
        if (gapMs <= 0)
        {
            throw new PipelineDefinitionException("session gap " + gapMs + " ms must be > 0: give the longest quiet" +
                " time within a session, e.g. SessionWindows.withGap(30 * 60_000) for 30 minutes");
        }
        return new SessionWindows(gapMs);
    }

    public long gapMs()
    {
        return gapMs;
    }

    public int maxWindowsPerEvent()
    {
        return 1;
    }

    /**
     * The event's own window, before merging: it starts at the event.
     */
    public int assignWindows(final long timestampMs, final long[] starts)
    {
        starts[0] = timestampMs;
        return 1;
    }

    /**
     * @return the last timestamp of an event's own window starting at {@code start}, before merging.
     */
    public long maxTimestamp(final long start)
    {
        return start + (gapMs - 1);
    }

    public boolean isMerging()
    {
        return true;
    }

    public String layout()
    {
        return "session " + gapMs;
    }

    public String toString()
    {
        return "SessionWindows{gapMs=" + gapMs + '}';
    }
}
