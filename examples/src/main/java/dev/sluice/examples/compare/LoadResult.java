package dev.sluice.examples.compare;

import dev.sluice.core.CheckpointStats;

/**
 * What one run under load measured.
 *
 * @param spec               what was run.
 * @param eventsOffered      events the producer appended.
 * @param producerLagNs      how far behind its schedule the producer ended: more than a little means the offered
 *                           rate was not offered.
 * @param eventToResult      latency from each event's due time until the view showed it.
 * @param windowFinal        latency from each (window, key)'s earliest possible close until its final result.
 * @param eventsShown        events the view showed.
 * @param lateCounted        events that came after their window had closed.
 * @param lateAccepted       late events still folded into their window (as an update).
 * @param lateDropped        late events left out of the results.
 * @param catchUpNs          from the producer's end until the job had read every event.
 * @param keptUp             whether the mode kept up: see {@link LoadRun}.
 * @param batches            BATCH: scheduled runs; MICRO_BATCH: micro-batches; STREAMING: 0.
 * @param longestBatchNs     BATCH: the longest scheduled run, ns; otherwise 0.
 * @param checkpoints        what checkpointing did, or null without checkpoints.
 * @param peakStateGroups    the most (window, key) groups held open at once.
 * @param peakHeapBytes      the most heap in use at the samples taken every 100 ms.
 * @param gcPauses           garbage collections during the run (all collectors).
 * @param gcPauseNs          the time they took, summed.
 * @param viewChecksum       checksum of the view's rows at the end (the workload page's checksum).
 * @param recountChecksum    checksum of a BATCH run over the same log afterwards, or null when not made.
 * @param viewOrders         events the view's rows count at the end.
 */
public record LoadResult(
    LoadSpec spec,
    long eventsOffered,
    long producerLagNs,
    LatencySeries eventToResult,
    LatencySeries windowFinal,
    long eventsShown,
    long lateCounted,
    long lateAccepted,
    long lateDropped,
    long catchUpNs,
    boolean keptUp,
    long batches,
    long longestBatchNs,
    CheckpointStats checkpoints,
    long peakStateGroups,
    long peakHeapBytes,
    long gcPauses,
    long gcPauseNs,
    String viewChecksum,
    String recountChecksum,
    long viewOrders)
{
    /** A producer further behind than this at its end did not offer the rate asked for. */
    public static final long PRODUCER_SLACK_NS = 100_000_000L;

    /**
     * @return true when the producer kept its schedule, so the rate was really offered.
     */
    public boolean rateOffered()
    {
        return producerLagNs <= PRODUCER_SLACK_NS;
    }

    /**
     * @return true when the view's result equals the recount, or differs from it by exactly the late events dropped;
     * also true when no recount was made.
     */
    public boolean resultAccountedFor()
    {
        if (null == recountChecksum)
        {
            return true;
        }
        return lateDropped == 0 ? recountChecksum.equals(viewChecksum) : viewOrders == eventsOffered - lateDropped;
    }
}
