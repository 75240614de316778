package dev.sluice.examples.architectures;

import dev.sluice.core.function.Codec;
import dev.sluice.core.function.MalformedRecordException;
import dev.sluice.examples.orders.OrderEvent;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.function.Function;

/**
 * What the design notes' Kappa versions pass on of an order: v1 {@code (event_id, user_id, amount, event_time)}, v2
 * the same and {@code is_fraud} (amount over 10000.00). Mutable, so that one instance serves every event of a job.
 * The codec of each version writes its own columns, little-endian:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                   Event Id (8)  |  User Id (8)                |
 *  +---------------------------------------------------------------+
 *  |            Amount, cents (8)  |  Event Time, epoch ms (8)      |
 *  +---------------------------------------------------------------+
 *  |  Is Fraud (1, v2 only)  |
 *  +-------------------------+
 * </pre>
 */
public final class OrderRow
{
    static final int V1_LENGTH = 32;
    static final int V2_LENGTH = 33;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    long eventId;
    long userId;
    long amountCents;
    long eventTimeMillis;
    boolean fraud;

    public long eventId()
    {
        return eventId;
    }

    /**
     * @return the notes' user_id: the order's customer.
     */
    public long userId()
    {
        return userId;
    }

    public long amountCents()
    {
        return amountCents;
    }

    public long eventTimeMillis()
    {
        return eventTimeMillis;
    }

    /**
     * @return v2's is_fraud; false in a v1 row.
     */
    public boolean isFraud()
    {
        return fraud;
    }

    public String toString()
    {
        return "OrderRow{o-" + eventId + ", c-" + userId + ", " + amountCents + " cents, " + eventTimeMillis + " ms" +
            (fraud ? ", fraud}" : "}");
    }

    /**
     * @param withFraudFlag true for v2.
     * @return the stage of a version: an order into its row, one reused row per job.
     */
    public static Function<OrderEvent, OrderRow> of(final boolean withFraudFlag)
    {
        final OrderRow row = new OrderRow();
        return order ->
        {
            row.eventId = order.eventId();
            row.userId = order.customerId();
            row.amountCents = order.amountCents();
            row.eventTimeMillis = order.eventTimeMillis();
            row.fraud = withFraudFlag && order.isFraud();
            return row;
        };
    }

    /**
     * @param withFraudFlag true for v2's 33 bytes, false for v1's 32.
     * @return a codec of a version's rows; decoding fills one reused row.
     */
    public static Codec<OrderRow> codec(final boolean withFraudFlag)
    {
        return new Codec<>()
        {
            private final OrderRow decoded = new OrderRow();
            private final int length = withFraudFlag ? V2_LENGTH : V1_LENGTH;

            public int encodedLength(final OrderRow row)
            {
                return length;
            }

            public int encode(final OrderRow row, final MutableDirectBuffer buffer, final int offset)
            {
                buffer.putLong(offset, row.eventId, ORDER);
                buffer.putLong(offset + 8, row.userId, ORDER);
                buffer.putLong(offset + 16, row.amountCents, ORDER);
                buffer.putLong(offset + 24, row.eventTimeMillis, ORDER);
                if (withFraudFlag)
                {
                    buffer.putByte(offset + 32, row.fraud ? (byte)1 : (byte)0);
                }
                return length;
            }

            public OrderRow decode(final DirectBuffer buffer, final int offset, final int length)
            {
                if (length != this.length)
                {
                    throw new MalformedRecordException("an order row of " + length + " bytes, not the " + this.length +
                        " of a v" + (withFraudFlag ? 2 : 1) + " row");
                }
                decoded.eventId = buffer.getLong(offset, ORDER);
                decoded.userId = buffer.getLong(offset + 8, ORDER);
                decoded.amountCents = buffer.getLong(offset + 16, ORDER);
                decoded.eventTimeMillis = buffer.getLong(offset + 24, ORDER);
                decoded.fraud = withFraudFlag && buffer.getByte(offset + 32) != 0;
                return decoded;
            }
        };
    }
}
