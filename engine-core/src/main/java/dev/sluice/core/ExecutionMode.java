package dev.sluice.core;

/**
 * How a job runs a pipeline. The result is the same in every mode when no event is late; with late events each
 * mode's result differs from {@link #BATCH} by exactly the events it reports late.
 */
public enum ExecutionMode
{
    /** Bulk scan of a bounded range; no watermark; every window fires at the end; nothing is late. */
    BATCH,
    /** At each trigger process everything new, then advance the watermark once and fire what it passed. */
    MICRO_BATCH,
    /** Follow the source one event at a time; the watermark advances after every event. */
    STREAMING
}
