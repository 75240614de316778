package dev.sluice.log;

import dev.sluice.log.LogFixtures.Entry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzing: a log whose segment files were damaged at random either opens and hands out only records
 * that were written, at the positions they were written (a prefix of the log), or fails with a
 * {@link LogException} ({@link CorruptLogException} naming the file and a position in it). Never
 * another exception type, never a hang, never a leaked mapping, and segment files keep their size.
 */
class LogCorruptionProperties
{
    private static final int SEGMENT_LENGTH = 4096;
    static final int MAX_RECORD_LENGTH = 600;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Path dir;

    @BeforeTry
    void makeDirectory()
    {
        dir = LogFixtures.newTempDir("sluice-log-corruption");
    }

    @AfterTry
    void removeDirectory()
    {
        LogFixtures.deleteRecursively(dir);
    }

    enum Kind
    {
        FLIP_BYTE,
        FLIP_HEADER_BYTE,
        TRUNCATE,
        ZERO_TAIL,
        FOREIGN_FILE,
        WRONG_MAGIC,
        WRONG_VERSION,
        WRONG_SEGMENT_LENGTH,
        LENGTH_PAST_SEGMENT,
        BAD_PADDING,
        DELETE_SEGMENT,
        RENAME_SEGMENT,
        DELETE_START,
        FLIP_START_BYTE
    }

    static final class Corruption
    {
        final Kind kind;
        final int file;
        final int where;
        final int value;

        Corruption(final Kind kind, final int file, final int where, final int value)
        {
            this.kind = kind;
            this.file = file;
            this.where = where;
            this.value = value;
        }

        public String toString()
        {
            return kind + "(file=" + file + ", where=" + where + ", value=" + value + ')';
        }
    }

    @Provide
    Arbitrary<List<Corruption>> corruptions()
    {
        return Combinators.combine(
            Arbitraries.of(Kind.class),
            Arbitraries.integers().between(0, 1000),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.integers().between(0, Integer.MAX_VALUE))
            .as(Corruption::new)
            .list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 1500)
    void shouldHandOutOnlyWrittenRecordsOrFailWithTheSpecificError(
        @ForAll @Size(min = 1, max = 40) final List<@IntRange(min = 0, max = MAX_RECORD_LENGTH) Integer> lengths,
        @ForAll("corruptions") final List<Corruption> corruptions)
    {
        check(lengths, corruptions);
    }

    /**
     * Writes records of {@code lengths}, applies the corruptions, then reads the log every way there is, read-only
     * and after a writer's recovery: only written records come back, from the first one on (this log has no
     * retention, so a log that starts later lost its head), or the specific error.
     */
    final void check(final List<Integer> lengths, final List<Corruption> corruptions)
    {
        final List<Entry> written = write(lengths);
        final List<Path> segmentsBefore = LogFixtures.segmentFiles(dir);
        for (final Corruption corruption : corruptions)
        {
            apply(corruption, written);
        }
        final List<Path> corrupted = LogFixtures.segmentFiles(dir);
        final Path newestBefore = corrupted.isEmpty() ? null : corrupted.get(corrupted.size() - 1);
        final Map<Path, Long> sizesBefore = sizes(segmentsBefore);

        // a reader first: it must not change anything
        assertTimeoutPreemptively(TIMEOUT, () -> readAll(true, written));
        assertEquals(sizesBefore, sizes(segmentsBefore), "a read-only open changed segment sizes");

        // then a writer, which recovers and appends, and readers after it
        final List<Entry> recovered = assertTimeoutPreemptively(TIMEOUT, () -> readAll(false, written));
        final boolean opened = recovered != null;
        // recovery may extend the newest segment to the length in its header; it never resizes another
        final List<Path> segmentsAfter = LogFixtures.segmentFiles(dir);
        for (final Path segment : segmentsAfter)
        {
            if (!segment.equals(newestBefore) && sizesBefore.containsKey(segment))
            {
                assertEquals(sizesBefore.get(segment), size(segment), "size of " + segment.getFileName());
            }
            if (opened)
            {
                assertEquals(size(segmentsAfter.get(0)), size(segment), "size of " + segment.getFileName() +
                    " differs from the others' in a log that opened");
            }
        }
        assertTimeoutPreemptively(TIMEOUT, () -> readAll(true, opened ? recovered : written));
        if (opened)
        {
            // what the writer recovered is stable: a second open cuts nothing more
            assertTimeoutPreemptively(TIMEOUT, () ->
            {
                try (Log log = Log.open(dir, config()))
                {
                    assertEquals(0, log.recoveredCutBytes(), log.recoveryNote());
                }
            });
        }
        assertEquals(List.of(), LogFixtures.mappingsUnder(dir), "mappings left behind");
    }

    /**
     * Opens the log and reads it every way there is.
     *
     * @return what the log holds when it opened and everything read was written (with one record appended
     * when opened for writing); null when it failed as it may.
     */
    private List<Entry> readAll(final boolean readOnly, final List<Entry> written)
    {
        final List<Entry> seen = new ArrayList<>();
        Log log = null;
        try
        {
            log = readOnly ? Log.openReadOnly(dir) : Log.open(dir, config());
            final long start = log.startPosition();
            final long tail = log.tailPosition();
            final long count = log.recordCount();
            final long first = log.startRecordNumber();
            assertTrue(first >= 0 && first <= count && count <= written.size(),
                "records " + first + ".." + count + " of " + written.size());
            // no retention here: a log that opens without its first records has lost them silently
            assertEquals(0, first, "the log opened at record " + first + ": the records before it were lost silently");
            try
            {
                log.scan(start, tail, (b, o, l, p) -> seen.add(LogFixtures.copy(b, o, l, p)));
            }
            finally
            {
                assertWrittenRun(written, first, seen);
            }
            assertEquals(count - first, seen.size(), "scan up to the tail reads every counted record");
            seen.clear();
            try (LogReader reader = log.openReader(start))
            {
                try
                {
                    seen.addAll(LogFixtures.pollAll(reader, new int[] {3, 1, 100}));
                }
                finally
                {
                    assertWrittenRun(written, first, seen);
                }
            }
            for (long n = first; n <= count; n++)
            {
                final long position = log.positionOfRecord(n);
                assertEquals(n < count ? written.get((int)n).position : tail, position, "position of record " + n);
            }
            for (int n = (int)first; n < count; n++)
            {
                // timestamps never go down; equal ones replay from the first of them
                int earliest = n;
                while (earliest > first && written.get(earliest - 1).timestampNs == written.get(n).timestampNs)
                {
                    earliest--;
                }
                assertEquals(written.get(earliest).position, log.positionOfTimestamp(written.get(n).timestampNs),
                    "position of timestamp of record " + n);
            }
            if (!readOnly)
            {
                // the recovered log takes new records and hands them back
                final byte[] payload = {42, 43, 44};
                final long position = LogFixtures.append(log.appender(), payload);
                final List<Entry> after = new ArrayList<>();
                try (LogReader reader = log.openReader(position))
                {
                    after.addAll(LogFixtures.pollAll(reader, new int[] {10}));
                }
                assertEquals(1, after.size());
                assertArrayEquals(payload, after.get(0).payload);
                assertEquals(count + 1, log.recordCount());
                final List<Entry> now = new ArrayList<>(written.subList(0, (int)count));
                now.add(after.get(0));
                assertWrittenRun(now, first, LogFixtures.scanAll(log));
                return now;
            }
            return written.subList(0, (int)count);
        }
        catch (final CorruptLogException ex)
        {
            assertNamesFileAndPosition(ex);
            return null;
        }
        catch (final LogException ex)
        {
            assertNotNull(ex.getMessage());
            return null;
        }
        catch (final AssertionError ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("unexpected " + ex.getClass().getName() + " reading a corrupt log (read only: " +
                readOnly + ")", ex);
        }
        finally
        {
            if (log != null)
            {
                log.close();
            }
        }
    }

    private void assertNamesFileAndPosition(final CorruptLogException ex)
    {
        final Path file = ex.file();
        assertNotNull(file, ex.getMessage());
        assertEquals(dir, file.getParent(), ex.getMessage());
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("position " + ex.position()), ex.getMessage());
        final long base = SegmentDescriptor.parseBasePosition(file.getFileName().toString());
        if (base >= 0)
        {
            assertTrue(ex.position() >= base && ex.position() < base + SEGMENT_LENGTH,
                "position " + ex.position() + " outside " + file.getFileName() + ": " + ex.getMessage());
        }
    }

    /**
     * Records read from record number {@code first} on must be the ones written there, in order.
     */
    private static void assertWrittenRun(final List<Entry> written, final long first, final List<Entry> seen)
    {
        assertTrue(first + seen.size() <= written.size(), "read " + seen.size() + " records from record " + first +
            ", only " + written.size() + " were written");
        LogFixtures.assertSameEntries(written.subList((int)first, (int)first + seen.size()), seen);
    }

    // ---------------------------------------------------------------------------------------------

    private static LogConfig config()
    {
        final AtomicLong now = new AtomicLong(1_000_000_000_000L);
        return LogConfig.builder().segmentLength(SEGMENT_LENGTH).maxRecordLength(MAX_RECORD_LENGTH)
            .clock(() -> now.addAndGet(1000)).build();
    }

    private List<Entry> write(final List<Integer> lengths)
    {
        final List<Entry> written = new ArrayList<>();
        try (Log log = Log.open(dir, config()))
        {
            int sequence = 0;
            for (final int length : lengths)
            {
                final byte[] payload = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    payload[i] = (byte)(sequence * 13 + i * 7 + 1);
                }
                sequence++;
                final long position = LogFixtures.append(log.appender(), payload);
                written.add(new Entry(position, 0, payload));
            }
            final List<Entry> withTimestamps = LogFixtures.scanAll(log);
            LogFixtures.assertSameEntries(written, withTimestamps.stream()
                .map(e -> new Entry(e.position, 0, e.payload)).collect(java.util.stream.Collectors.toList()));
            return withTimestamps;
        }
    }

    private void apply(final Corruption c, final List<Entry> written)
    {
        final List<Path> segments = LogFixtures.segmentFiles(dir);
        if (segments.isEmpty())
        {
            return;
        }
        final Path file = segments.get(c.file % segments.size());
        try
        {
            final long size = size(file);
            switch (c.kind)
            {
                case FLIP_BYTE:
                    if (size > 0)
                    {
                        xorByte(file, c.where % size, 1 + c.value % 255);
                    }
                    break;
                case FLIP_HEADER_BYTE:
                    xorByte(file, c.where % SegmentDescriptor.HEADER_LENGTH, 1 + c.value % 255);
                    break;
                case TRUNCATE:
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
                    {
                        channel.truncate(size == 0 ? 0 : c.where % size);
                    }
                    break;
                case ZERO_TAIL:
                {
                    final long from = size == 0 ? 0 : c.where % size;
                    write(file, from, ByteBuffer.allocate((int)(size - from)));
                    break;
                }
                case FOREIGN_FILE:
                    foreignFile(c, segments);
                    break;
                case WRONG_MAGIC:
                    write(file, SegmentDescriptor.MAGIC_OFFSET, littleEndian(8).putLong(0, SegmentDescriptor.MAGIC ^
                        (1L + c.value)));
                    break;
                case WRONG_VERSION:
                    rewriteHeader(file, h -> h.putInt(SegmentDescriptor.VERSION_OFFSET,
                        SegmentDescriptor.VERSION + 1 + c.value % 1000));
                    break;
                case WRONG_SEGMENT_LENGTH:
                {
                    final int[] lengths = {SEGMENT_LENGTH * 2, SEGMENT_LENGTH / 2, SEGMENT_LENGTH + 8, -SEGMENT_LENGTH,
                        Integer.MAX_VALUE, 0};
                    rewriteHeader(file, h -> h.putInt(SegmentDescriptor.SEGMENT_LENGTH_OFFSET,
                        lengths[c.value % lengths.length]));
                    break;
                }
                case LENGTH_PAST_SEGMENT:
                {
                    final Entry entry = written.get(c.where % written.size());
                    final long base = entry.position - entry.position % SEGMENT_LENGTH;
                    final int offset = (int)(entry.position - base);
                    final int[] lengths = {SEGMENT_LENGTH - offset + 1, SEGMENT_LENGTH, Integer.MAX_VALUE,
                        SEGMENT_LENGTH - offset + 8 * (1 + c.value % 64), 1, RecordDescriptor.HEADER_LENGTH - 1};
                    final Path target = dir.resolve(SegmentDescriptor.fileName(base));
                    write(target, offset, littleEndian(4).putInt(0, lengths[c.value % lengths.length]));
                    break;
                }
                case BAD_PADDING:
                {
                    // a negative length that does not reach the end of the segment, where a record was
                    final Entry entry = written.get(c.where % written.size());
                    final long base = entry.position - entry.position % SEGMENT_LENGTH;
                    final int offset = (int)(entry.position - base);
                    final int[] lengths = {-(SEGMENT_LENGTH - offset) + 8, -(SEGMENT_LENGTH - offset) - 8,
                        Integer.MIN_VALUE, -1, -(SEGMENT_LENGTH - offset)};
                    write(dir.resolve(SegmentDescriptor.fileName(base)), offset,
                        littleEndian(4).putInt(0, lengths[c.value % lengths.length]));
                    break;
                }
                case DELETE_SEGMENT:
                    Files.delete(file);
                    break;
                case RENAME_SEGMENT:
                {
                    // to a name that is not a segment's, or to another segment's place
                    final long other = (long)(c.value % (segments.size() + 2)) * SEGMENT_LENGTH;
                    final Path target = c.where % 2 == 0 ? file.resolveSibling(file.getFileName() + ".bak") :
                        dir.resolve(SegmentDescriptor.fileName(other));
                    Files.move(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    break;
                }
                case DELETE_START:
                    Files.deleteIfExists(dir.resolve(LogStart.FILE_NAME));
                    break;
                case FLIP_START_BYTE:
                {
                    final Path start = dir.resolve(LogStart.FILE_NAME);
                    if (Files.exists(start))
                    {
                        xorByte(start, c.where % LogStart.LENGTH, 1 + c.value % 255);
                    }
                    break;
                }
                default:
                    fail("unknown corruption " + c.kind);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void foreignFile(final Corruption c, final List<Path> segments) throws IOException
    {
        final long newestBase = SegmentDescriptor.parseBasePosition(
            segments.get(segments.size() - 1).getFileName().toString());
        final byte[] junk = new byte[c.where % (2 * SEGMENT_LENGTH)];
        for (int i = 0; i < junk.length; i++)
        {
            junk[i] = (byte)(c.value * 31 + i * 17);
        }
        final String[] names = {"notes.txt", SegmentDescriptor.fileName(newestBase + SEGMENT_LENGTH),
            SegmentDescriptor.fileName(newestBase + 8), SegmentDescriptor.fileName(newestBase + SEGMENT_LENGTH),
            SegmentDescriptor.fileName(newestBase + SEGMENT_LENGTH) + ".tmp",
            SegmentDescriptor.fileName(newestBase + SEGMENT_LENGTH)};
        if (Files.exists(dir.resolve(names[c.value % 6])))
        {
            return;
        }
        switch (c.value % 6)
        {
            case 0:
                Files.write(dir.resolve("notes.txt"), junk);
                break;
            case 1:
                Files.write(dir.resolve(SegmentDescriptor.fileName(newestBase + SEGMENT_LENGTH)), junk);
                break;
            case 2:
                Files.write(dir.resolve(SegmentDescriptor.fileName(newestBase + 8)), junk);
                break;
            case 3:
                // a whole, valid segment of this log under the next segment's name
                Files.copy(segments.get(c.where % segments.size()),
                    dir.resolve(SegmentDescriptor.fileName(newestBase + SEGMENT_LENGTH)));
                break;
            case 4:
                Files.write(dir.resolve(SegmentDescriptor.fileName(newestBase + SEGMENT_LENGTH) + ".tmp"), junk);
                break;
            default:
                Files.createDirectories(dir.resolve(SegmentDescriptor.fileName(newestBase + SEGMENT_LENGTH)));
                break;
        }
    }

    private interface HeaderEdit
    {
        void edit(ByteBuffer header);
    }

    /**
     * Changes a header field and, when the header was whole, makes its checksum match, so that only the
     * field itself is wrong (a self-consistent header from another writer). A damaged header stays damaged.
     */
    private static void rewriteHeader(final Path file, final HeaderEdit edit) throws IOException
    {
        if (size(file) < SegmentDescriptor.HEADER_LENGTH)
        {
            return;
        }
        final ByteBuffer header = littleEndian(SegmentDescriptor.HEADER_LENGTH);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            channel.read(header, 0);
            final boolean whole = header.getInt(SegmentDescriptor.HEADER_CHECKSUM_OFFSET) == Segment.headerChecksum(header);
            edit.edit(header);
            if (whole)
            {
                header.putInt(SegmentDescriptor.HEADER_CHECKSUM_OFFSET, Segment.headerChecksum(header));
            }
            header.clear();
            channel.write(header, 0);
        }
    }

    private static ByteBuffer littleEndian(final int bytes)
    {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void xorByte(final Path file, final long at, final int mask) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            if (at >= channel.size())
            {
                return;
            }
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte)(one.get(0) ^ mask));
            one.clear();
            channel.write(one, at);
        }
    }

    private static void write(final Path file, final long at, final ByteBuffer bytes) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            if (at + bytes.remaining() > channel.size())
            {
                return;
            }
            bytes.clear();
            while (bytes.hasRemaining())
            {
                channel.write(bytes, at + bytes.position());
            }
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static Map<Path, Long> sizes(final List<Path> files)
    {
        final Map<Path, Long> sizes = new HashMap<>();
        for (final Path file : files)
        {
            if (Files.exists(file))
            {
                sizes.put(file, size(file));
            }
        }
        return sizes;
    }
}
