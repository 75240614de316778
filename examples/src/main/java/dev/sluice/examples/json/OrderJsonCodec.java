package dev.sluice.examples.json;

import dev.sluice.core.function.Codec;
import dev.sluice.core.function.MalformedRecordException;
import dev.sluice.examples.orders.OrderEvent;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@link OrderEvent}s kept in a log as their JSON lines (orders-json.md), for a log whose records are the text an
 * application published: encodes with {@link OrderJsonWriter}, decodes with {@link OrderJsonDecoder} into one reused
 * event, valid until the next decode. A record that is not an order is a {@link MalformedRecordException} with the
 * decoder's reason, which a job hands to its record error handler. The ingest keeps the 40-byte binary
 * {@link dev.sluice.examples.orders.OrderEventCodec} layout instead: a third of the bytes, and no parsing per read.
 * Not thread-safe.
 */
public final class OrderJsonCodec implements Codec<OrderEvent>
{
    private final OrderJsonWriter writer = new OrderJsonWriter();
    private final OrderJsonDecoder decoder = new OrderJsonDecoder();
    private final OrderEvent event = new OrderEvent();
    private byte[] scratch = new byte[OrderJsonWriter.MAX_LENGTH];

    public int encodedLength(final OrderEvent event)
    {
        return writer.write(event, scratch, 0);
    }

    public int encode(final OrderEvent event, final MutableDirectBuffer buffer, final int offset)
    {
        final int length = writer.write(event, scratch, 0);
        buffer.putBytes(offset, scratch, 0, length);
        return length;
    }

    public OrderEvent decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        final boolean accepted;
        if (null != array)
        {
            accepted = decoder.tryDecode(array, buffer.wrapAdjustment() + offset, length, event);
        }
        else
        {
            // off-heap (a mapped log): the parser reads arrays, so the record is copied once into the scratch
            if (scratch.length < length)
            {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            buffer.getBytes(offset, scratch, 0, length);
            accepted = decoder.tryDecode(scratch, 0, length, event);
        }
        if (!accepted)
        {
            throw new MalformedRecordException("not an order: " + decoder.rejectReason());
        }
        return event;
    }
}
