package dev.sluice.core;

import java.util.List;

/**
 * What a job's checkpointing did: an immutable snapshot.
 *
 * @param taken           checkpoints written and committed by this job.
 * @param failed          checkpoint writes that failed and were tolerated.
 * @param lastId          id of the newest checkpoint (restored or taken); 0 when none.
 * @param lastBytes       size of the newest checkpoint file taken, bytes.
 * @param lastNs          duration of the newest checkpoint taken (state, sink pre-commit, file, commit), ns.
 * @param maxNs           longest checkpoint taken, ns.
 * @param totalNs         time spent checkpointing, ns.
 * @param restoredFromId  id of the checkpoint the job resumed from, or 0 when it started afresh.
 * @param restoreWarnings newer checkpoint files that were unusable and skipped at restore, one line each.
 */
public record CheckpointStats(
    long taken,
    long failed,
    long lastId,
    long lastBytes,
    long lastNs,
    long maxNs,
    long totalNs,
    long restoredFromId,
    List<String> restoreWarnings)
{
    public String toString()
    {
        return String.format("checkpoints taken=%d failed=%d lastId=%d lastBytes=%d lastMs=%.2f maxMs=%.2f " +
            "totalMs=%.1f restoredFrom=%s%s", taken, failed, lastId, lastBytes, lastNs / 1e6, maxNs / 1e6,
            totalNs / 1e6, restoredFromId == 0 ? "none" : Long.toString(restoredFromId),
            restoreWarnings.isEmpty() ? "" : " warnings=" + restoreWarnings);
    }
}
