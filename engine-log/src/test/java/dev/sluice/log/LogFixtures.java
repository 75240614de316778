package dev.sluice.log;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared helpers of the engine-log tests: records as plain values, reading a whole log, temporary
 * directories for jqwik tries (jqwik has no {@code @TempDir}), and self-checking payloads.
 */
final class LogFixtures
{
    private LogFixtures()
    {
    }

    /** A record as read back (or as written): where it is, when, and what. */
    static final class Entry
    {
        final long position;
        final long timestampNs;
        final byte[] payload;

        Entry(final long position, final long timestampNs, final byte[] payload)
        {
            this.position = position;
            this.timestampNs = timestampNs;
            this.payload = payload;
        }

        public String toString()
        {
            return "Entry{position=" + position + ", timestampNs=" + timestampNs + ", length=" + payload.length + '}';
        }
    }

    static Entry copy(final DirectBuffer buffer, final int offset, final int length, final long position)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new Entry(position, RecordDescriptor.timestampNs(buffer, offset), bytes);
    }

    static List<Entry> scanAll(final Log log)
    {
        final List<Entry> entries = new ArrayList<>();
        log.scan(log.startPosition(), log.tailPosition(), (b, o, l, p) -> entries.add(copy(b, o, l, p)));
        return entries;
    }

    /**
     * Reads with {@code poll} until nothing more comes, cycling through the given limits.
     */
    static List<Entry> pollAll(final LogReader reader, final int[] limits)
    {
        final List<Entry> entries = new ArrayList<>();
        int turn = 0;
        while (true)
        {
            final int limit = limits[turn++ % limits.length];
            final int before = entries.size();
            final int read = reader.poll((b, o, l, p) -> entries.add(copy(b, o, l, p)), limit);
            assertEquals(entries.size() - before, read, "poll must return the number of records it handed over");
            if (read > limit)
            {
                fail("poll handed over " + read + " records past its limit " + limit);
            }
            if (read == 0)
            {
                return entries;
            }
        }
    }

    static void assertSameEntries(final List<Entry> expected, final List<Entry> actual)
    {
        assertEquals(expected.size(), actual.size(), "record count");
        for (int i = 0; i < expected.size(); i++)
        {
            final Entry e = expected.get(i);
            final Entry a = actual.get(i);
            assertEquals(e.position, a.position, "position of record " + i);
            assertEquals(e.timestampNs, a.timestampNs, "timestamp of record " + i);
            assertArrayEquals(e.payload, a.payload, "payload of record " + i);
        }
    }

    /**
     * Appends {@code records} payloads of {@code payloadLength} zero bytes, the first byte of each its number.
     *
     * @return their positions.
     */
    static List<Long> appendNumbered(final LogAppender appender, final int records, final int payloadLength)
    {
        final List<Long> positions = new ArrayList<>();
        for (int n = 0; n < records; n++)
        {
            final byte[] payload = new byte[payloadLength];
            payload[0] = (byte)n;
            positions.add(append(appender, payload));
        }
        return positions;
    }

    /**
     * Flips the payload byte at {@code payloadOffset} of the record at {@code position}, through the file, not the
     * log's mappings.
     */
    static void flipPayloadByte(final Path dir, final int segmentLength, final long position, final int payloadOffset)
        throws IOException
    {
        final long base = position - position % segmentLength;
        final long offset = position - base + RecordDescriptor.HEADER_LENGTH + payloadOffset;
        try (FileChannel channel = FileChannel.open(dir.resolve(SegmentDescriptor.fileName(base)),
            StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, offset);
            b.put(0, (byte)~b.get(0)).clear();
            channel.write(b, offset);
        }
    }

    static long append(final LogAppender appender, final byte[] payload)
    {
        return appender.append(new UnsafeBuffer(payload), 0, payload.length);
    }

    // ---------------------------------------------------------------------------------------------
    // self-checking payloads: sequence (8) | filler derived from the sequence | CRC32 of the rest (4)

    static final int SEQUENCED_MIN_LENGTH = 12;

    static int sequencedLength(final long sequence, final int maxLength)
    {
        final int span = maxLength - SEQUENCED_MIN_LENGTH + 1;
        return SEQUENCED_MIN_LENGTH + (int)Math.floorMod(sequence * 0x9E3779B97F4A7C15L >>> 17, (long)span);
    }

    static void fillSequenced(final MutableDirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        buffer.putLong(offset, sequence);
        for (int i = 8; i < length - 4; i++)
        {
            buffer.putByte(offset + i, (byte)(sequence * 31 + i));
        }
        buffer.putInt(offset + length - 4, sequencedChecksum(buffer, offset, length));
    }

    /**
     * @return the sequence number carried by a self-checking payload.
     * @throws AssertionError when the payload is not whole.
     */
    static long checkSequenced(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < SEQUENCED_MIN_LENGTH)
        {
            throw new AssertionError("payload of " + length + " bytes is shorter than a sequenced payload");
        }
        final int stored = buffer.getInt(offset + length - 4);
        final int computed = sequencedChecksum(buffer, offset, length);
        if (stored != computed)
        {
            throw new AssertionError("payload checksum " + computed + " does not match stored " + stored +
                " (sequence field " + buffer.getLong(offset) + ")");
        }
        final long sequence = buffer.getLong(offset);
        for (int i = 8; i < length - 4; i++)
        {
            if (buffer.getByte(offset + i) != (byte)(sequence * 31 + i))
            {
                throw new AssertionError("payload of sequence " + sequence + " differs at byte " + i);
            }
        }
        return sequence;
    }

    private static int sequencedChecksum(final DirectBuffer buffer, final int offset, final int length)
    {
        final CRC32 crc = new CRC32();
        final byte[] bytes = new byte[length - 4];
        buffer.getBytes(offset, bytes);
        crc.update(bytes);
        return (int)crc.getValue();
    }

    // ---------------------------------------------------------------------------------------------
    // files

    static Path newTempDir(final String prefix)
    {
        try
        {
            return Files.createTempDirectory(prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void deleteRecursively(final Path dir)
    {
        if (dir == null || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir))
        {
            for (final Path path : walk.sorted(Comparator.reverseOrder()).toArray(Path[]::new))
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static List<Path> segmentFiles(final Path dir)
    {
        try (Stream<Path> list = Files.list(dir))
        {
            final Path[] files = list
                .filter(p -> SegmentDescriptor.parseBasePosition(p.getFileName().toString()) >= 0)
                .filter(Files::isRegularFile)
                .sorted()
                .toArray(Path[]::new);
            return new ArrayList<>(Arrays.asList(files));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return lines of /proc/self/maps that map a file under {@code dir}: mappings the log leaked.
     */
    static List<String> mappingsUnder(final Path dir)
    {
        final Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps))
        {
            return List.of();
        }
        try
        {
            final String prefix = dir.toRealPath().toString() + "/";
            final List<String> found = new ArrayList<>();
            for (final String line : Files.readAllLines(maps))
            {
                if (line.contains(prefix))
                {
                    found.add(line);
                }
            }
            return found;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A test thread's body, which may throw.
     */
    interface Body
    {
        void run() throws Exception;
    }

    /**
     * @return a daemon thread (not started) that runs {@code body} and adds what it throws to {@code failures}.
     */
    static Thread thread(final String name, final List<Throwable> failures, final Body body)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable ex)
            {
                failures.add(new AssertionError(name + ": " + ex, ex));
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Segments of 4 KiB; a {@link #SMALL_PAYLOAD}-byte payload takes a 920-byte frame: four records each. */
    static final int SMALL_SEGMENT = 4096;
    static final int SMALL_PAYLOAD = 900;
    static final int SMALL_PER_SEGMENT = 4;

    /**
     * @return a config of {@link #SMALL_SEGMENT}-byte segments and records up to 1000 bytes.
     */
    static LogConfig.Builder small()
    {
        return LogConfig.builder().segmentLength(SMALL_SEGMENT).maxRecordLength(1000);
    }

    /**
     * @return a {@link #SMALL_PAYLOAD}-byte payload whose bytes count up from {@code n}.
     */
    static byte[] smallPayload(final int n)
    {
        final byte[] bytes = new byte[SMALL_PAYLOAD];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(n + i);
        }
        return bytes;
    }
}
