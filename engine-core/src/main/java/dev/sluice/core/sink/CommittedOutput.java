package dev.sluice.core.sink;

import dev.sluice.core.function.KeyType;
import dev.sluice.core.function.Keys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a job's durable CSV output back: the committed files of an {@link EpochFileSink} (with their {@code seq}
 * identity column) or an at-least-once CSV file (without). Checks what exactly-once promises: sequences from 0
 * with no duplicate and no gap. Gives the latest row per (window, key), which is the job's result. Not on any hot
 * path: for the command line, tests and audits.
 *
 * @param results     result lines read (updates included).
 * @param rows        the latest row per (window, key), sorted by (window start, key).
 * @param duplicates  lines whose identity was seen before: a repeated seq, or (without seq) a repeated
 *                    (window, key, values, update) line.
 * @param firstGap    the first missing sequence number, or -1 when none is missing (always -1 without seq).
 * @param files       files read.
 */
public record CommittedOutput(long results, List<ResultRow> rows, long duplicates, long firstGap, int files)
{
    /**
     * @param dir    an {@link EpochFileSink}'s output directory.
     * @param schema the pipeline's result schema.
     * @return what its committed files hold (pending files are not output yet and are not read).
     */
    public static CommittedOutput readEpochFiles(final Path dir, final ResultSchema schema)
    {
        final List<Path> files = EpochFileSink.committedFiles(dir);
        final Reader reader = new Reader(schema, true);
        for (final Path file : files)
        {
            reader.read(file);
        }
        return reader.result(files.size());
    }

    /**
     * @param file   a CSV file of results without a seq column (an at-least-once sink's output).
     * @param schema the pipeline's result schema.
     * @return what it holds.
     */
    public static CommittedOutput readCsv(final Path file, final ResultSchema schema)
    {
        return readCsvFiles(Files.exists(file) ? List.of(file) : List.of(), schema);
    }

    /**
     * @param files  CSV files of results without a seq column, each with its header line (another runner's committed
     *               part files, say), read in this order: a later line of a (window, key) is its latest.
     * @param schema the pipeline's result schema.
     * @return what they hold; a line found twice, in one file or two, is a duplicate.
     */
    public static CommittedOutput readCsvFiles(final List<Path> files, final ResultSchema schema)
    {
        final Reader reader = new Reader(schema, false);
        for (final Path file : files)
        {
            reader.read(file);
        }
        return reader.result(files.size());
    }

    /**
     * @return true when every result is there exactly once: no duplicate, no gap.
     */
    public boolean isExactlyOnce()
    {
        return duplicates == 0 && firstGap < 0;
    }

    private static final class Reader
    {
        private final ResultSchema schema;
        private final boolean withSequence;
        private final int keyColumns;
        private final Map<Long, Map<Long, ResultRow>> latest = new HashMap<>();
        private final java.util.BitSet seen = new java.util.BitSet();
        private final java.util.Set<String> lines = new java.util.HashSet<>();
        private long results;
        private long duplicates;
        private long maxSequence = -1;

        Reader(final ResultSchema schema, final boolean withSequence)
        {
            this.schema = schema;
            this.withSequence = withSequence;
            this.keyColumns = schema.keyFormat().names().size();
        }

        private static boolean oddQuotes(final String line)
        {
            int quotes = 0;
            for (int i = 0; i < line.length(); i++)
            {
                quotes += line.charAt(i) == '"' ? 1 : 0;
            }
            return (quotes & 1) != 0;
        }

        void read(final Path file)
        {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                String line;
                int lineNumber = 0;
                while ((line = in.readLine()) != null)
                {
                    lineNumber++;
                    final int firstLine = lineNumber;
                    // a quoted key may hold line breaks: an odd number of quotes means the record goes on
                    String more;
                    while (oddQuotes(line) && (more = in.readLine()) != null)
                    {
                        line = line + '\n' + more;
                        lineNumber++;
                    }
                    if (line.isEmpty() || line.startsWith("seq,") || line.startsWith("window_start,"))
                    {
                        continue;
                    }
                    parse(file, firstLine, line);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read output file " + file, ex);
            }
        }

        @SuppressWarnings("unchecked")
        private void parse(final Path file, final int lineNumber, final String line)
        {
            final String[] cells;
            try
            {
                cells = null == schema.keyFormat().keyType() ? line.split(",", -1) :
                    KeyText.splitCsv(line).toArray(new String[0]);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalStateException(file + " line " + lineNumber + ": " + ex.getMessage() + ": a torn " +
                    "or foreign line in committed output");
            }
            final int expected = (withSequence ? 1 : 0) + 2 + keyColumns + schema.fieldCount() + 1;
            if (cells.length != expected)
            {
                throw new IllegalStateException(file + " line " + lineNumber + " has " + cells.length + " cells, " +
                    "not " + expected + ": a torn or foreign line in committed output");
            }
            int c = 0;
            if (withSequence)
            {
                final long seq = Long.parseLong(cells[c++]);
                if (seq < 0 || seq > Integer.MAX_VALUE)
                {
                    throw new IllegalStateException(file + " line " + lineNumber + ": sequence " + seq +
                        " out of range");
                }
                if (seen.get((int)seq))
                {
                    duplicates++;
                }
                seen.set((int)seq);
                maxSequence = Math.max(maxSequence, seq);
            }
            else if (!lines.add(line))
            {
                duplicates++;
            }
            final long windowStart = Long.parseLong(cells[c++]);
            final long windowEnd = Long.parseLong(cells[c++]);
            final KeyType<Object> keyType = (KeyType<Object>)schema.keyFormat().keyType();
            final Object keyValue;
            final long key;
            if (null != keyType)
            {
                keyValue = keyType.parse(cells[c++]);
                key = keyType.idOf(keyValue);
            }
            else
            {
                keyValue = null;
                key = keyColumns == 1 ? Long.parseLong(cells[c++]) :
                    Keys.pack(Integer.parseInt(cells[c++]), Integer.parseInt(cells[c++]));
            }
            final long[] values = new long[schema.fieldCount()];
            for (int f = 0; f < values.length; f++)
            {
                final String cell = cells[c++];
                values[f] = schema.isDouble(f) ?
                    Double.doubleToRawLongBits(cell.isEmpty() ? Double.NaN : Double.parseDouble(cell)) :
                    Decimals.parse(cell, schema.scale(f));
            }
            final boolean update = Boolean.parseBoolean(cells[c]);
            results++;
            latest.computeIfAbsent(windowStart, k -> new HashMap<>())
                .put(key, new ResultRow(schema, windowStart, windowEnd, key, update, false, values, keyValue));
        }

        CommittedOutput result(final int files)
        {
            final List<ResultRow> rows = new ArrayList<>();
            for (final Map<Long, ResultRow> keys : latest.values())
            {
                rows.addAll(keys.values());
            }
            rows.sort(Comparator.comparingLong(ResultRow::windowStart).thenComparingLong(ResultRow::key));
            long gap = -1;
            if (withSequence)
            {
                final int firstClear = seen.nextClearBit(0);
                if (firstClear <= maxSequence)
                {
                    gap = firstClear;
                }
            }
            return new CommittedOutput(results, rows, duplicates, gap, files);
        }
    }
}
