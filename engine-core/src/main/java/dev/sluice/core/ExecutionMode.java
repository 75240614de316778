package dev.sluice.core;

/**
 * How a job runs a pipeline. The result is the same in every mode when no event is late; with late events each
 * mode's result differs from the plain group-by (an unbounded {@link #BATCH} run) by exactly the events it reports
 * late.
 */
public enum ExecutionMode
{
    /**
     * Bulk scan of a bounded range; every window fires at the end, and nothing is late, unless the state outgrows
     * {@link ExecutionConfig#batchStateBound}: then the windows the watermark has passed fire early, and events for
     * them afterwards are late.
     */
    BATCH,
    /** At each trigger process everything new, then advance the watermark once and fire what it passed. */
    MICRO_BATCH,
    /** Follow the source one event at a time; the watermark advances after every event. */
    STREAMING
}
