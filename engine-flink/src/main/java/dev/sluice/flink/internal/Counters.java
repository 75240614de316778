package dev.sluice.flink.internal;

/**
 * The names of the Flink accumulators a translated job counts into: what a Sluice job's report counts.
 */
public final class Counters
{
    /** Records handed over by the source. */
    public static final String RECORDS_IN = "sluice.records-in";
    /** Events out of the stages, into the windows. */
    public static final String EVENTS_IN = "sluice.events-in";
    /** Records whose decoding or stages failed and that the record error handler skipped. */
    public static final String RECORDS_SKIPPED = "sluice.records-skipped";
    /** Events late for their windows (plus allowed lateness). */
    public static final String EVENTS_LATE = "sluice.events-late";

    private Counters()
    {
    }
}
