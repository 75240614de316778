package dev.sluice.examples.json;

import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An ingest that fails part-way (its input breaks after any byte) and is resumed from its last commit, with the
 * orders it appended after that commit passed over, ends with the log and the rejected lines of an uninterrupted
 * ingest.
 */
class OrdersJsonIngestResumeProperties
{
    @Property(tries = 60)
    void shouldResumeFromTheLastCommitAsIfNeverStopped(
        @ForAll @IntRange(min = 1, max = 300) final int orders,
        @ForAll @IntRange(min = 1, max = 40) final int commitEvery,
        @ForAll @IntRange(min = 1, max = 700) final int readBytes,
        @ForAll @IntRange(max = 1000) final int breakPermille) throws IOException
    {
        final byte[] input = input(orders);
        final int breakAt = (int)((long)input.length * breakPermille / 1000);
        final Path whole = Files.createTempDirectory("sluice-resume-whole-");
        final Path resumed = Files.createTempDirectory("sluice-resume-");
        try
        {
            final List<String> expectedRejects = new ArrayList<>();
            try (Log log = Log.open(whole, LogConfig.defaults()))
            {
                new OrdersJsonIngest(log.appender(), (line, reason, text, offset, length) ->
                    expectedRejects.add(line + " " + reason), OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, 0)
                    .ingest(new ByteArrayInputStream(input));
            }

            final List<String> rejects = new ArrayList<>();
            final long[] commit = new long[3];
            try (Log log = Log.open(resumed, LogConfig.defaults()))
            {
                final OrdersJsonIngest first = new OrdersJsonIngest(log.appender(), (line, reason, text, offset,
                    length) -> rejects.add(line + " " + reason), OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, 0);
                first.commits((lines, bytes, accepted, rejected) ->
                {
                    commit[0] = lines;
                    commit[1] = bytes;
                    commit[2] = log.recordCount();
                }, commitEvery);
                try
                {
                    first.ingest(new BreakingInput(input, breakAt, readBytes));
                }
                catch (final IOException expected)
                {
                    // the input broke: what was committed, and perhaps more, is in the log
                }
                // the rejects after the commit are reported again by the resumed run
                rejects.removeIf(r -> Long.parseLong(r.substring(0, r.indexOf(' '))) > commit[0]);
                final InputStream rest = new ByteArrayInputStream(input);
                rest.skipNBytes(commit[1]);
                new OrdersJsonIngest(log.appender(), (line, reason, text, offset, length) ->
                    rejects.add(line + " " + reason), OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, 0)
                    .ingest(rest, commit[0], log.recordCount() - commit[2]);
            }

            assertEquals(OrdersJsonIngestTest.strings(OrdersJsonIngestTest.readLog(whole)),
                OrdersJsonIngestTest.strings(OrdersJsonIngestTest.readLog(resumed)));
            assertEquals(expectedRejects, rejects);
        }
        finally
        {
            delete(whole);
            delete(resumed);
        }
    }

    /** Orders with a rejected line every 7th line, a blank one every 11th, and no final line break. */
    private static byte[] input(final int orders)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final OrdersGenerator generator = new OrdersGenerator(OrdersWorkload.defaults().withCount(orders));
        final OrderJsonWriter writer = new OrderJsonWriter();
        final OrderEvent event = new OrderEvent();
        final byte[] line = new byte[OrderJsonWriter.MAX_LENGTH];
        for (int i = 1; i <= orders; i++)
        {
            if (i % 7 == 0)
            {
                out.writeBytes("{\"amount\":1.001}\n".getBytes(StandardCharsets.UTF_8));
            }
            if (i % 11 == 0)
            {
                out.writeBytes("\t\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(line, 0, writer.write(generator.next(event), line, 0));
            if (i < orders)
            {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** Hands out at most {@code readBytes} at a time and fails once {@code breakAt} bytes are read. */
    private static final class BreakingInput extends InputStream
    {
        private final byte[] bytes;
        private final int breakAt;
        private final int readBytes;
        private int position;

        BreakingInput(final byte[] bytes, final int breakAt, final int readBytes)
        {
            this.bytes = bytes;
            this.breakAt = breakAt;
            this.readBytes = readBytes;
        }

        public int read(final byte[] into, final int offset, final int length) throws IOException
        {
            if (position >= breakAt)
            {
                throw new IOException("broken at byte " + position);
            }
            final int n = Math.min(Math.min(length, readBytes), breakAt - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }

        public int read() throws IOException
        {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }
    }

    private static void delete(final Path dir)
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
