package dev.sluice.core.internal.parallel;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.internal.WatermarkTracker;
import dev.sluice.core.source.SourceReader;

/**
 * One input of a parallel job (a partition, or the whole of a source that has none) as the worker that reads it
 * holds it: its reader, its own watermark tracker (fed every event of the input, whichever worker owns the event's
 * key), whether it has gone idle or ended, and the watermark it last told the other workers. Its watermark depends on
 * its own records alone, so every worker judges its events as late or not the same way at any parallelism.
 * <p>
 * Not thread-safe: the reading worker's thread.
 */
final class InputSplit
{
    final int index;
    final SourceReader reader;
    final WatermarkTracker<Object> tracker;
    final long idleTimeoutNs;
    long lastActivityNs;
    boolean idle;
    boolean ended;
    long sentWatermark = Long.MIN_VALUE;
    int sentFlags = -1;

    InputSplit(final int index, final SourceReader reader, final WatermarkTracker<Object> tracker,
        final long idleTimeoutNs, final long nowNs)
    {
        this.index = index;
        this.reader = reader;
        this.tracker = tracker;
        this.idleTimeoutNs = idleTimeoutNs;
        this.lastActivityNs = nowNs;
    }

    /**
     * After a poll that found records: active again.
     */
    void onActivity(final long nowNs)
    {
        lastActivityNs = nowNs;
        idle = false;
    }

    /**
     * After a poll that found nothing: idle once its watermark strategy's idle timeout has passed without a record
     * (0: never), and so left out of every worker's combined watermark until it has records again.
     */
    void onNothingNew(final long nowNs)
    {
        idle = idleTimeoutNs > 0 && nowNs - lastActivityNs >= idleTimeoutNs;
    }

    int flags()
    {
        return (idle ? ExchangeDescriptor.FLAG_IDLE : 0) | (ended ? ExchangeDescriptor.FLAG_ENDED : 0);
    }

    /**
     * @return the watermark to tell the other workers: the tracker's, or past every event once ended.
     */
    long watermark()
    {
        return ended ? Long.MAX_VALUE : tracker.watermark();
    }

    /**
     * Where the input is, for a checkpoint: position, record number, flags and the event-time part of its tracker.
     */
    void snapshot(final StateOutput out)
    {
        out.putInt(index).putLong(reader.position()).putLong(reader.recordNumber())
            .putByte((byte)(ended ? 1 : 0)).putByte((byte)(idle ? 1 : 0));
        tracker.snapshot(out);
    }

    /**
     * Moves to what {@link #snapshot} wrote (after its index, which the caller read to find this input).
     */
    void restore(final StateInput in)
    {
        final long position = in.getLong();
        final long recordNumber = in.getLong();
        ended = in.getByte() != 0;
        idle = in.getByte() != 0;
        tracker.restore(in);
        reader.seek(position, recordNumber);
    }
}
