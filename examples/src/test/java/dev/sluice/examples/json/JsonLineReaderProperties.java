package dev.sluice.examples.json;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whatever the lines and however the input arrives (any read sizes), the reader hands on exactly the lines between
 * {@code '\n'}s, numbered from 1, and reports each line longer than the limit by its length and first bytes.
 */
class JsonLineReaderProperties
{
    @Property(tries = 500)
    void shouldHandOnEveryLineOrReportItAsTooLong(
        @ForAll @Size(max = 30) final List<@StringLength(max = 80) String> texts,
        @ForAll final boolean finalNewline,
        @ForAll @IntRange(min = 1, max = 40) final int maxLineBytes,
        @ForAll @IntRange(min = 0, max = 8) final int headBytes,
        @ForAll final long readSeed) throws IOException
    {
        final StringBuilder input = new StringBuilder();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++)
        {
            // a line of ASCII, with the odd '\r' and blank; '\n' only as the separator
            final String line = texts.get(i).replace('\n', '\r').chars().map(c -> c < 128 ? c : 'u')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            final boolean last = i == texts.size() - 1;
            input.append(line).append(last && !finalNewline ? "" : "\n");
            if (!(last && !finalNewline && line.isEmpty()))
            {
                expected.add(describe(i + 1, line, maxLineBytes, headBytes));
            }
        }
        final List<String> seen = new ArrayList<>();
        final JsonLineReader reader = new JsonLineReader(maxLineBytes, headBytes);

        final long lines = reader.read(new ChunkedStream(input.toString().getBytes(StandardCharsets.US_ASCII),
            new Random(readSeed)), new JsonLineReader.LineHandler()
            {
                public void onLine(final long lineNumber, final byte[] buffer, final int offset, final int length)
                {
                    seen.add(lineNumber + " line " + new String(buffer, offset, length, StandardCharsets.US_ASCII));
                }

                public void onOverlongLine(
                    final long lineNumber, final long length, final byte[] head, final int headLength)
                {
                    seen.add(lineNumber + " overlong " + length + " " +
                        new String(head, 0, headLength, StandardCharsets.US_ASCII));
                }
            });

        assertEquals(expected, seen);
        assertEquals(expected.size(), lines);
        assertEquals(input.length(), reader.bytesRead());
    }

    private static String describe(final long number, final String line, final int max, final int headBytes)
    {
        return line.length() <= max ? number + " line " + line :
            number + " overlong " + line.length() + " " + line.substring(0, Math.min(headBytes, max));
    }

    /** Hands out its bytes in reads of random sizes, as a pipe or a socket may. */
    private static final class ChunkedStream extends InputStream
    {
        private final byte[] bytes;
        private final Random random;
        private int position;

        ChunkedStream(final byte[] bytes, final Random random)
        {
            this.bytes = bytes;
            this.random = random;
        }

        public int read()
        {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        public int read(final byte[] b, final int off, final int len)
        {
            if (position >= bytes.length)
            {
                return -1;
            }
            final int n = Math.min(Math.min(len, bytes.length - position), 1 + random.nextInt(50));
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
