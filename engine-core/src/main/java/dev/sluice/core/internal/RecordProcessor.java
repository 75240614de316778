package dev.sluice.core.internal;

import dev.sluice.core.function.Codec;
import dev.sluice.core.function.Emitter;
import dev.sluice.core.function.RecordErrorHandler;
import dev.sluice.log.RecordDescriptor;
import dev.sluice.log.RecordHandler;
import org.agrona.DirectBuffer;

/**
 * The head of a job's chain: decodes each record into the codec's reused event, pushes it through the stages
 * into the window operator and, in STREAMING mode, publishes the watermark after every record.
 * <p>
 * A record whose decoding or stage function throws goes to the {@link RecordErrorHandler} with its position
 * before any window state changed; the handler skips it (counted) or fails the job by throwing.
 * Not thread-safe: the job thread.
 *
 * @param <T> the decoded event type.
 */
public final class RecordProcessor<T> implements RecordHandler
{
    private final Codec<T> codec;
    private final Emitter<Object> head;
    private final KeyedWindowOperator<?> operator;
    private final WatermarkTracker<?> tracker;
    private final RecordErrorHandler errorHandler;
    private final boolean watermarkPerRecord;

    private long recordsIn;
    private long recordsSkipped;
    private long lastErrorPosition = -1;

    /**
     * @param codec              decodes payloads.
     * @param head               first stage (or the operator itself).
     * @param operator           the window operator at the end of the chain.
     * @param tracker            the job's watermark tracker.
     * @param errorHandler       decides about failing records.
     * @param watermarkPerRecord true in STREAMING mode.
     */
    public RecordProcessor(
        final Codec<T> codec,
        final Emitter<Object> head,
        final KeyedWindowOperator<?> operator,
        final WatermarkTracker<?> tracker,
        final RecordErrorHandler errorHandler,
        final boolean watermarkPerRecord)
    {
        this.codec = codec;
        this.head = head;
        this.operator = operator;
        this.tracker = tracker;
        this.errorHandler = errorHandler;
        this.watermarkPerRecord = watermarkPerRecord;
    }

    public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long position)
    {
        recordsIn++;
        operator.onRecord(position, RecordDescriptor.timestampNs(buffer, offset));
        try
        {
            head.emit(codec.decode(buffer, offset, length));
        }
        catch (final RuntimeException ex)
        {
            lastErrorPosition = position;
            if (errorHandler.onRecordError(position, ex))
            {
                recordsSkipped++;
            }
        }

        if (watermarkPerRecord)
        {
            operator.advanceWatermark(tracker.tryAdvance());
            operator.flushUpdates();
        }
    }

    public long recordsIn()
    {
        return recordsIn;
    }

    public long recordsSkipped()
    {
        return recordsSkipped;
    }

    public long lastErrorPosition()
    {
        return lastErrorPosition;
    }

    /**
     * @param out where the record counters go in a checkpoint.
     */
    public void snapshot(final dev.sluice.core.checkpoint.StateOutput out)
    {
        out.putLong(recordsIn).putLong(recordsSkipped).putLong(lastErrorPosition);
    }

    /**
     * @param in positioned at what {@link #snapshot} wrote.
     */
    public void restore(final dev.sluice.core.checkpoint.StateInput in)
    {
        recordsIn = in.getLong();
        recordsSkipped = in.getLong();
        lastErrorPosition = in.getLong();
    }
}
