package dev.sluice.core.window;

/**
 * No window: one window holding every event, so the aggregations run per key over the whole input. It ends only
 * with the input: final at the end of a BATCH range, or when a streaming job drains. Immutable.
 */
public final class GlobalWindows implements WindowAssigner
{
    /** The one window's start. */
    public static final long START = Long.MIN_VALUE;
    /** The one window's last timestamp: only the end-of-input watermark passes it. */
    public static final long MAX_TIMESTAMP = Long.MAX_VALUE - 1;

    private static final GlobalWindows INSTANCE = new GlobalWindows();

    private GlobalWindows()
    {
    }

    /**
     * @return the global window assigner.
     */
    public static GlobalWindows create()
    {
        return INSTANCE;
    }

    public int maxWindowsPerEvent()
    {
        return 1;
    }

    public int assignWindows(final long timestampMs, final long[] starts)
    {
        starts[0] = START;
        return 1;
    }

    public long maxTimestamp(final long start)
    {
        return MAX_TIMESTAMP;
    }

    public String layout()
    {
        return "global";
    }

    public String toString()
    {
        return "GlobalWindows";
    }
}
