package dev.sluice.examples.orders;

import dev.sluice.core.function.Codec;
import dev.sluice.core.function.MalformedRecordException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Fixed binary layout of an {@link OrderEvent}, little-endian, 40 bytes, 8-byte fields first so that each is
 * aligned when the payload is (log payloads are 8-byte aligned):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         Event Id                              |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Event Time (epoch ms)                       |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Customer Id                            |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       Amount (cents)                          |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         Product Id                            |
 *  +---------------------------------------------------------------+
 *  |                           Region                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Decoding fills one reused {@link OrderEvent}: valid until the next decode. A payload of another length, or a
 * negative product or region, is rejected with {@link MalformedRecordException}. Not thread-safe.
 */
public final class OrderEventCodec implements Codec<OrderEvent>
{
    public static final int EVENT_ID_OFFSET = 0;
    public static final int EVENT_TIME_OFFSET = 8;
    public static final int CUSTOMER_ID_OFFSET = 16;
    public static final int AMOUNT_OFFSET = 24;
    public static final int PRODUCT_ID_OFFSET = 32;
    public static final int REGION_OFFSET = 36;
    /** Bytes of one encoded event. */
    public static final int LENGTH = 40;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final OrderEvent event = new OrderEvent();

    public int encodedLength(final OrderEvent event)
    {
        return LENGTH;
    }

    public int encode(final OrderEvent event, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset + EVENT_ID_OFFSET, event.eventId, ORDER);
        buffer.putLong(offset + EVENT_TIME_OFFSET, event.eventTimeMillis, ORDER);
        buffer.putLong(offset + CUSTOMER_ID_OFFSET, event.customerId, ORDER);
        buffer.putLong(offset + AMOUNT_OFFSET, event.amountCents, ORDER);
        buffer.putInt(offset + PRODUCT_ID_OFFSET, event.productId, ORDER);
        buffer.putInt(offset + REGION_OFFSET, event.region, ORDER);
        return LENGTH;
    }

    public OrderEvent decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != LENGTH)
        {
            throw new MalformedRecordException("OrderEvent payload of " + length + " bytes, expected " + LENGTH +
                "; the log holds records not written by OrderEventCodec");
        }
        final int productId = buffer.getInt(offset + PRODUCT_ID_OFFSET, ORDER);
        final int region = buffer.getInt(offset + REGION_OFFSET, ORDER);
        if ((productId | region) < 0)
        {
            throw new MalformedRecordException(
                "OrderEvent with product " + productId + " region " + region + ": ids must be >= 0");
        }
        final OrderEvent e = event;
        e.eventId = buffer.getLong(offset + EVENT_ID_OFFSET, ORDER);
        e.eventTimeMillis = buffer.getLong(offset + EVENT_TIME_OFFSET, ORDER);
        e.customerId = buffer.getLong(offset + CUSTOMER_ID_OFFSET, ORDER);
        e.amountCents = buffer.getLong(offset + AMOUNT_OFFSET, ORDER);
        e.productId = productId;
        e.region = region;
        return e;
    }
}
