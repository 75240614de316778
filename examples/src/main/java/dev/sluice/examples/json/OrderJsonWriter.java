package dev.sluice.examples.json;

import dev.sluice.examples.orders.OrderEvent;

import dev.sluice.examples.orders.OrdersGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an {@link OrderEvent} as the JSON line of examples/workloads/orders-json.md, byte for byte the spec's form:
 * <pre>
 * {"event_id":"o-0","event_time":"2025-12-31T23:59:59.837Z","product_id":"p-0413","region":"eu-central",
 *  "customer_id":"c-63858","amount":2558.64}
 * </pre>
 * (one line, no spaces, no line terminator). It is what {@link OrderJsonDecoder} reads back to the same event for
 * every event with ids &gt;= 0. Allocates nothing for years 0000..9999. Not thread-safe: one scratch buffer.
 */
public final class OrderJsonWriter
{
    /** Bytes the longest line can take: every number at its widest, the widest year, the longest region. */
    public static final int MAX_LENGTH = 256;

    private static final byte[] EVENT_ID = ascii("{\"event_id\":\"o-");
    private static final byte[] EVENT_TIME = ascii("\",\"event_time\":\"");
    private static final byte[] PRODUCT_ID = ascii("\",\"product_id\":\"p-");
    private static final byte[] REGION = ascii("\",\"region\":\"");
    private static final byte[] CUSTOMER_ID = ascii("\",\"customer_id\":\"c-");
    private static final byte[] AMOUNT = ascii("\",\"amount\":");
    private static final byte[][] REGION_NAMES = new byte[OrderJsonDecoder.REGION_NAMES.length][];

    static
    {
        for (int r = 0; r < REGION_NAMES.length; r++)
        {
            REGION_NAMES[r] = ascii(OrderJsonDecoder.REGION_NAMES[r]);
        }
    }

    private final byte[] digits = new byte[20];

    /**
     * @param product a product id.
     * @return its JSON text: {@code p-} and the id zero-padded to 4 digits, e.g. {@code p-0413}.
     */
    public static String productName(final int product)
    {
        return String.format("p-%04d", product);
    }

    /**
     * @param region a region number.
     * @return its JSON text: one of the eight names of orders-json.md for 0..7, {@code r<n>} above.
     */
    public static String regionName(final int region)
    {
        return region >= 0 && region < OrderJsonDecoder.REGION_NAMES.length ? OrderJsonDecoder.REGION_NAMES[region] :
            "r" + region;
    }

    /**
     * @param event the order.
     * @param into  where to write; needs {@link #MAX_LENGTH} bytes free at {@code offset}.
     * @param offset where the line starts.
     * @return bytes written.
     */
    public int write(final OrderEvent event, final byte[] into, final int offset)
    {
        int i = put(EVENT_ID, into, offset);
        i = putLong(event.eventId(), into, i);
        i = put(EVENT_TIME, into, i);
        i += IsoInstants.format(event.eventTimeMillis(), into, i);
        i = put(PRODUCT_ID, into, i);
        final int product = event.productId();
        for (int pad = product < 10 ? 3 : product < 100 ? 2 : product < 1000 ? 1 : 0; pad > 0; pad--)
        {
            into[i++] = '0';
        }
        i = putLong(product, into, i);
        i = put(REGION, into, i);
        final int region = event.region();
        if (region >= 0 && region < REGION_NAMES.length)
        {
            i = put(REGION_NAMES[region], into, i);
        }
        else
        {
            into[i++] = 'r';
            i = putLong(region, into, i);
        }
        i = put(CUSTOMER_ID, into, i);
        i = putLong(event.customerId(), into, i);
        i = put(AMOUNT, into, i);
        final long cents = event.amountCents();
        if (cents < 0)
        {
            into[i++] = '-';
        }
        // |cents| / 100 and |cents| % 100 without negating Long.MIN_VALUE
        final long units = Math.abs(cents / 100);
        final int hundredths = (int)Math.abs(cents % 100);
        i = putLong(units, into, i);
        into[i++] = '.';
        into[i++] = (byte)('0' + hundredths / 10);
        into[i++] = (byte)('0' + hundredths % 10);
        into[i++] = '}';
        return i - offset;
    }

    /**
     * Writes every remaining event of {@code generator} as a line ending in {@code '\n'}, through one 64 KiB
     * buffer; {@code out} is flushed, not closed.
     *
     * @return bytes written.
     */
    public static long writeLines(final OrdersGenerator generator, final OutputStream out) throws IOException
    {
        final OrderJsonWriter writer = new OrderJsonWriter();
        final OrderEvent event = new OrderEvent();
        final byte[] buffer = new byte[1 << 16];
        long bytes = 0;
        int at = 0;
        while (generator.hasNext())
        {
            if (buffer.length - at < MAX_LENGTH + 1)
            {
                out.write(buffer, 0, at);
                bytes += at;
                at = 0;
            }
            at += writer.write(generator.next(event), buffer, at);
            buffer[at++] = '\n';
        }
        out.write(buffer, 0, at);
        out.flush();
        return bytes + at;
    }

    private static int put(final byte[] bytes, final byte[] into, final int at)
    {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }

    /** Writes a value &gt;= 0, or Long.MIN_VALUE's digits, in decimal. */
    private int putLong(final long value, final byte[] into, final int at)
    {
        if (value < 0)
        {
            into[at] = '-';
            return putDigits(-(value / 10), into, at + 1, (byte)('0' - value % 10));
        }
        return putDigits(value / 10, into, at, (byte)('0' + value % 10));
    }

    private int putDigits(final long leading, final byte[] into, final int at, final byte last)
    {
        int n = 0;
        digits[n++] = last;
        for (long v = leading; v > 0; v /= 10)
        {
            digits[n++] = (byte)('0' + v % 10);
        }
        int i = at;
        while (n > 0)
        {
            into[i++] = digits[--n];
        }
        return i;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
