package dev.sluice.bench.core;

import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.core.source.Source;
import dev.sluice.core.source.SourceReader;
import dev.sluice.log.RecordDescriptor;
import dev.sluice.log.RecordHandler;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * An endless orders stream for steady-state measurements: the workload's events are generated and framed once
 * (as in the log, {@link RecordDescriptor}), then replayed round after round, each round's event times moved on by
 * the round's span of event time, so the stream continues as if the generator had gone on (same disorder bound,
 * nothing late) while the keys and customers repeat. Each record is copied into a reused frame to move its time:
 * a 56-byte copy per event, no allocation. Unbounded. Not thread-safe.
 */
public final class ReplayedOrdersSource implements Source
{
    private static final int FRAME = RecordDescriptor.alignedFrameLength(OrderEventCodec.LENGTH);
    private static final int TIME_OFFSET = RecordDescriptor.HEADER_LENGTH + OrderEventCodec.EVENT_TIME_OFFSET;

    private final UnsafeBuffer frames;
    private final int count;
    private final long roundSpanMs;

    /**
     * @param workload the events of one round (count up to 30M).
     */
    public ReplayedOrdersSource(final OrdersWorkload workload)
    {
        if (workload.count() < 1 || workload.count() > Integer.MAX_VALUE / FRAME)
        {
            throw new IllegalArgumentException("replay round of " + workload.count() + " events is outside 1.." +
                Integer.MAX_VALUE / FRAME + "; give a smaller count");
        }
        if (workload.lateEvery() != 0 || (workload.count() * 1000) % workload.eventsPerSecond() != 0)
        {
            throw new IllegalArgumentException("replay needs lateEvery 0 and count * 1000 divisible by " +
                "eventsPerSecond, so that rounds join without a gap or overlap in event time");
        }
        count = (int)workload.count();
        roundSpanMs = workload.count() * 1000 / workload.eventsPerSecond();
        frames = new UnsafeBuffer(BufferUtil.allocateDirectAligned(count * FRAME, 64));
        final OrdersGenerator generator = new OrdersGenerator(workload);
        final OrderEventCodec codec = new OrderEventCodec();
        final OrderEvent event = new OrderEvent();
        for (int i = 0; i < count; i++)
        {
            final int offset = i * FRAME;
            frames.putInt(offset + RecordDescriptor.LENGTH_OFFSET,
                RecordDescriptor.HEADER_LENGTH + OrderEventCodec.LENGTH);
            codec.encode(generator.next(event), frames, offset + RecordDescriptor.HEADER_LENGTH);
        }
    }

    public SourceReader open()
    {
        return new Reader();
    }

    private final class Reader implements SourceReader
    {
        private final UnsafeBuffer frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(FRAME, 64));
        private long next;
        private int index;
        private long shiftMs;

        public int poll(final RecordHandler handler, final int limit)
        {
            final UnsafeBuffer frame = this.frame;
            for (int n = 0; n < limit; n++)
            {
                frame.putBytes(0, frames, index * FRAME, FRAME);
                frame.putLong(TIME_OFFSET, frame.getLong(TIME_OFFSET, ByteOrder.LITTLE_ENDIAN) + shiftMs,
                    ByteOrder.LITTLE_ENDIAN);
                final long position = next++ * FRAME;
                if (++index == count)
                {
                    index = 0;
                    shiftMs += roundSpanMs;
                }
                handler.onRecord(frame, RecordDescriptor.HEADER_LENGTH, OrderEventCodec.LENGTH, position);
            }
            return limit;
        }

        public long scanToEnd(final RecordHandler handler)
        {
            throw new UnsupportedOperationException("an endless replay has no end to scan to; poll it");
        }

        public void boundAtCurrentTail()
        {
            throw new UnsupportedOperationException("an endless replay has no tail to bound at; poll it");
        }

        public boolean isBounded()
        {
            return false;
        }

        public boolean isEndOfInput()
        {
            return false;
        }

        public long position()
        {
            return next * FRAME;
        }

        public long recordNumber()
        {
            return next;
        }

        public long lagRecords()
        {
            return 0;
        }

        public long lagBytes()
        {
            return 0;
        }

        public void close()
        {
        }
    }
}
