package dev.sluice.core;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * What a job did: counts, watermark, lag and the latency histogram from record append time to result emission.
 * An immutable snapshot (the histogram is a copy).
 * <p>
 * {@code eventsLate} are the events left out of the results (dropped or side-output); the difference between a
 * mode's results and the plain group-by (an unbounded BATCH run's) is exactly these. {@code eventsLateAccepted} arrived after their window fired but
 * within allowed lateness: they are in the results, as updates.
 */
public final class JobReport
{
    private final ExecutionMode mode;
    private final long recordsIn;
    private final long recordsSkipped;
    private final long lastErrorPosition;
    private final long eventsIn;
    private final long eventsLate;
    private final long eventsLateAccepted;
    private final long windowsFired;
    private final long resultsEmitted;
    private final long updatesEmitted;
    private final long batches;
    private final long watermark;
    private final long sourcePosition;
    private final long lagRecords;
    private final long lagBytes;
    private final int openWindows;
    private final int peakStateSlots;
    private final long elapsedNs;
    private final Histogram latencyNs;

    JobReport(
        final ExecutionMode mode,
        final long recordsIn,
        final long recordsSkipped,
        final long lastErrorPosition,
        final long eventsIn,
        final long eventsLate,
        final long eventsLateAccepted,
        final long windowsFired,
        final long resultsEmitted,
        final long updatesEmitted,
        final long batches,
        final long watermark,
        final long sourcePosition,
        final long lagRecords,
        final long lagBytes,
        final int openWindows,
        final int peakStateSlots,
        final long elapsedNs,
        final Histogram latencyNs)
    {
        this.mode = mode;
        this.recordsIn = recordsIn;
        this.recordsSkipped = recordsSkipped;
        this.lastErrorPosition = lastErrorPosition;
        this.eventsIn = eventsIn;
        this.eventsLate = eventsLate;
        this.eventsLateAccepted = eventsLateAccepted;
        this.windowsFired = windowsFired;
        this.resultsEmitted = resultsEmitted;
        this.updatesEmitted = updatesEmitted;
        this.batches = batches;
        this.watermark = watermark;
        this.sourcePosition = sourcePosition;
        this.lagRecords = lagRecords;
        this.lagBytes = lagBytes;
        this.openWindows = openWindows;
        this.peakStateSlots = peakStateSlots;
        this.elapsedNs = elapsedNs;
        this.latencyNs = latencyNs;
    }

    public ExecutionMode mode()
    {
        return mode;
    }

    /**
     * @return records read from the source.
     */
    public long recordsIn()
    {
        return recordsIn;
    }

    /**
     * @return records skipped by the error handler.
     */
    public long recordsSkipped()
    {
        return recordsSkipped;
    }

    /**
     * @return position of the last record that failed to decode or process, or -1.
     */
    public long lastErrorPosition()
    {
        return lastErrorPosition;
    }

    /**
     * @return events that reached the window operator (after filter/flatMap).
     */
    public long eventsIn()
    {
        return eventsIn;
    }

    /**
     * @return events left out of the results as late (dropped or side-output). 0 in BATCH unless its state bound
     * made it fire windows early and events came for them afterwards (see {@link ExecutionConfig#batchStateBound}).
     */
    public long eventsLate()
    {
        return eventsLate;
    }

    /**
     * @return events after their window fired but within allowed lateness (re-fired as updates).
     */
    public long eventsLateAccepted()
    {
        return eventsLateAccepted;
    }

    /**
     * @return windows fired for the first time.
     */
    public long windowsFired()
    {
        return windowsFired;
    }

    /**
     * @return (window, key) results emitted, updates included.
     */
    public long resultsEmitted()
    {
        return resultsEmitted;
    }

    public long updatesEmitted()
    {
        return updatesEmitted;
    }

    /**
     * @return micro-batches that processed at least one record (MICRO_BATCH only).
     */
    public long batches()
    {
        return batches;
    }

    /**
     * @return the event-time watermark reached (Long.MIN_VALUE if none; BATCH has none). The end-of-input flush
     * is not included.
     */
    public long watermark()
    {
        return watermark;
    }

    public long sourcePosition()
    {
        return sourcePosition;
    }

    /**
     * @return records in the log the job had not read when the report was taken.
     */
    public long lagRecords()
    {
        return lagRecords;
    }

    public long lagBytes()
    {
        return lagBytes;
    }

    /**
     * @return windows still open (state held).
     */
    public int openWindows()
    {
        return openWindows;
    }

    /**
     * @return the most (window, key) slots the job's state held at once (what its memory follows: see
     * {@link ExecutionConfig#batchStateBound}); 0 for sessions, pass-through pipelines and parallel jobs, which do
     * not count them.
     */
    public int peakStateSlots()
    {
        return peakStateSlots;
    }

    public long elapsedNs()
    {
        return elapsedNs;
    }

    /**
     * @return latency from the newest contributing record's append time to the emission of each result, ns.
     */
    public Histogram latencyNs()
    {
        return latencyNs;
    }

    /**
     * @return records per second of elapsed time.
     */
    public double recordsPerSecond()
    {
        return elapsedNs == 0 ? 0 : recordsIn * 1e9 / elapsedNs;
    }

    public String toString()
    {
        final StringBuilder sb = new StringBuilder(256)
            .append("mode=").append(mode)
            .append(" records=").append(recordsIn)
            .append(" events=").append(eventsIn)
            .append(" late=").append(eventsLate)
            .append(" lateAccepted=").append(eventsLateAccepted)
            .append(" skipped=").append(recordsSkipped)
            .append(" windowsFired=").append(windowsFired)
            .append(" results=").append(resultsEmitted)
            .append(" updates=").append(updatesEmitted);
        if (mode == ExecutionMode.MICRO_BATCH)
        {
            sb.append(" batches=").append(batches);
        }
        sb.append(" watermark=").append(watermark == Long.MIN_VALUE ? "none" : Long.toString(watermark))
            .append(" lagRecords=").append(lagRecords)
            .append(" lagBytes=").append(lagBytes)
            .append(" elapsedMs=").append(TimeUnit.NANOSECONDS.toMillis(elapsedNs))
            .append(String.format(" records/s=%.0f", recordsPerSecond()));
        if (latencyNs.getTotalCount() > 0)
        {
            sb.append(String.format(" latencyUs p50=%.1f p99=%.1f max=%.1f",
                latencyNs.getValueAtPercentile(50) / 1e3,
                latencyNs.getValueAtPercentile(99) / 1e3,
                latencyNs.getMaxValue() / 1e3));
        }
        return sb.toString();
    }
}
