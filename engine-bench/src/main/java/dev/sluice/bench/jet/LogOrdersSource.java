package dev.sluice.bench.jet;

import com.hazelcast.jet.pipeline.SourceBuilder;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.log.Log;
import dev.sluice.log.LogReader;

import java.nio.file.Path;

/**
 * The state of Jet's source over a Sluice log of orders: reads every record from the log's start to the tail it had
 * when opened (each record's CRC32C checked on this first read, as for a Sluice job) and decodes it with the
 * examples' codec, so Jet does the reading and decoding work {@code sluice orders} does. Not thread-safe: one per
 * source processor.
 */
final class LogOrdersSource implements AutoCloseable
{
    private static final int BATCH = 1024;

    private final Log log;
    private final LogReader reader;
    private final long endPosition;
    private final OrderEventCodec codec = new OrderEventCodec();

    LogOrdersSource(final Path dir)
    {
        log = Log.openReadOnly(dir);
        reader = log.openReader(log.startPosition());
        endPosition = log.tailPosition();
    }

    /**
     * Adds up to a batch of orders to {@code buffer}, and closes it after the last.
     */
    void fill(final SourceBuilder.SourceBuffer<OrderEvent> buffer)
    {
        final int read = reader.poll((segment, offset, length, position) ->
        {
            final OrderEvent decoded = codec.decode(segment, offset, length);
            // a copy per item: the codec decodes into one reused holder, and Jet passes items on by reference
            buffer.add(new OrderEvent(decoded.eventId(), decoded.eventTimeMillis(), decoded.productId(),
                decoded.region(), decoded.customerId(), decoded.amountCents()));
        }, BATCH, endPosition);
        if (0 == read)
        {
            buffer.close();
        }
    }

    public void close()
    {
        reader.close();
        log.close();
    }
}
