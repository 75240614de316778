package dev.sluice.examples.json;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The default orders workload written as JSON lines and ingested gives the log the binary writer gives: the same
 * events in the same order, so orders-5m over it has the known checksum of examples/workloads/orders.md.
 */
class OrdersJsonRoundTripTest
{
    private static final String SHA_1M = "62e52988042d6218b1ca3e4be887b288208b9fe11eb9619483f1900bc01a377f";

    @Test
    void shouldGiveTheKnownOrders5mChecksumForAMillionOrdersIngestedFromJson(@TempDir final Path dir) throws Exception
    {
        final OrdersWorkload workload = OrdersWorkload.defaults();
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final OrdersJsonIngest.Result ingested = new OrdersJsonIngest(log.appender(),
                (line, reason, text, offset, length) ->
                {
                    throw new AssertionError("line " + line + " rejected: " + reason);
                }, OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, 0).ingest(new JsonLinesStream(workload));
            assertEquals(1_000_000, ingested.accepted());

            final OrdersRun.Result result = OrdersRun.query(log, workload, ExecutionConfig.batch());

            assertEquals("mode=batch events=1000000 rows=34157 late=0 sha256=" + SHA_1M, result.summaryLine());
        }
        final OrdersGenerator generator = new OrdersGenerator(workload.withCount(1000));
        final OrderEvent event = new OrderEvent();
        final java.util.List<String> first = OrdersJsonIngestTest.strings(OrdersJsonIngestTest.readLog(dir))
            .subList(0, 1000);
        for (final String read : first)
        {
            assertEquals(generator.next(event).toString(), read);
        }
    }

    /** The workload's JSON lines, rendered as they are read: the test heap never holds the file. */
    static final class JsonLinesStream extends InputStream
    {
        private final OrdersGenerator generator;
        private final OrderJsonWriter writer = new OrderJsonWriter();
        private final OrderEvent event = new OrderEvent();
        private final byte[] line = new byte[OrderJsonWriter.MAX_LENGTH + 1];
        private int position;
        private int length;

        JsonLinesStream(final OrdersWorkload workload)
        {
            this.generator = new OrdersGenerator(workload);
        }

        public int read()
        {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        public int read(final byte[] b, final int off, final int len)
        {
            int n = 0;
            while (n < len)
            {
                if (position == length)
                {
                    if (!generator.hasNext())
                    {
                        break;
                    }
                    length = writer.write(generator.next(event), line, 0);
                    line[length++] = '\n';
                    position = 0;
                }
                final int take = Math.min(len - n, length - position);
                System.arraycopy(line, position, b, off + n, take);
                position += take;
                n += take;
            }
            return n == 0 && len > 0 ? -1 : n;
        }
    }
}
