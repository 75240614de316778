package dev.sluice.core.window;

/**
 * Which event-time windows an event belongs to: the window kinds of a pipeline's description, each read by every
 * runner ({@link TumblingWindows}, {@link HoppingWindows}, {@link GlobalWindows}, {@link SessionWindows}). A
 * window is {@code [start, maxTimestamp(start)]}; the windows of one assigner that does not merge end in the order
 * they start, so a watermark that passes one window's end has passed the ends of all windows that start before
 * it. Session windows merge: {@link #assignWindows} gives an event's own window, which the runner merges with the
 * overlapping windows of its key.
 * <p>
 * Immutable and safe to share; {@link #assignWindows} allocates nothing, as it runs per event.
 */
public sealed interface WindowAssigner permits TumblingWindows, HoppingWindows, GlobalWindows, SessionWindows
{
    /**
     * @return the most windows one event can belong to: the length {@link #assignWindows} needs.
     */
    int maxWindowsPerEvent();

    /**
     * @param timestampMs an event time.
     * @param starts      receives the starts of the windows holding it, ascending.
     * @return how many windows hold it, from 1 to {@link #maxWindowsPerEvent()}.
     */
    int assignWindows(long timestampMs, long[] starts);

    /**
     * @param start a window's start.
     * @return the last timestamp in that window (its end - 1).
     */
    long maxTimestamp(long start);

    /**
     * @return true when windows of one key that overlap merge into one (sessions).
     */
    default boolean isMerging()
    {
        return false;
    }

    /**
     * @return what a checkpoint of this assigner's windows depends on (kind, sizes, offset): part of the
     * pipeline's state layout, so a checkpoint of other windows is refused.
     */
    String layout();
}
