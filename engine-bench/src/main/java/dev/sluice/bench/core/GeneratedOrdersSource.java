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

/**
 * The orders stream generated on the fly, as if read from a log: every record is framed as in the log
 * ({@link RecordDescriptor}) in one reused buffer and handed over with the position it would have, so a stream of
 * any length (100M events are 5.6 GB of log) runs in constant memory and no disk. Append timestamps are 0: latency
 * figures of a job over this source mean nothing. Bounded at the workload's count. Not thread-safe.
 */
public final class GeneratedOrdersSource implements Source
{
    private final OrdersWorkload workload;

    /**
     * @param workload the events to generate.
     */
    public GeneratedOrdersSource(final OrdersWorkload workload)
    {
        this.workload = workload;
    }

    public SourceReader open()
    {
        return new Reader(workload);
    }

    private static final class Reader implements SourceReader
    {
        private static final int FRAME_LENGTH = RecordDescriptor.HEADER_LENGTH + OrderEventCodec.LENGTH;
        private static final int ALIGNED_FRAME = RecordDescriptor.alignedFrameLength(OrderEventCodec.LENGTH);

        private final OrdersGenerator generator;
        private final OrderEventCodec codec = new OrderEventCodec();
        private final OrderEvent event = new OrderEvent();
        private final UnsafeBuffer frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
        private final long count;

        Reader(final OrdersWorkload workload)
        {
            this.generator = new OrdersGenerator(workload);
            this.count = workload.count();
            frame.putInt(RecordDescriptor.LENGTH_OFFSET, FRAME_LENGTH);
        }

        public int poll(final RecordHandler handler, final int limit)
        {
            int n = 0;
            while (n < limit && generator.hasNext())
            {
                final long position = generator.index() * ALIGNED_FRAME;
                codec.encode(generator.next(event), frame, RecordDescriptor.HEADER_LENGTH);
                n++;
                handler.onRecord(frame, RecordDescriptor.HEADER_LENGTH, OrderEventCodec.LENGTH, position);
            }
            return n;
        }

        public void boundAtCurrentTail()
        {
            // generated up to the workload's count: already bounded
        }

        public boolean isBounded()
        {
            return true;
        }

        public boolean isEndOfInput()
        {
            return !generator.hasNext();
        }

        public long position()
        {
            return generator.index() * ALIGNED_FRAME;
        }

        public long recordNumber()
        {
            return generator.index();
        }

        public long lagRecords()
        {
            return count - generator.index();
        }

        public long lagBytes()
        {
            return lagRecords() * ALIGNED_FRAME;
        }

        public void close()
        {
        }
    }
}
