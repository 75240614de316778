package dev.sluice.log;

import dev.sluice.log.LogFixtures.Entry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.sluice.log.LogFixtures.assertSameEntries;
import static dev.sluice.log.LogFixtures.copy;
import static dev.sluice.log.LogFixtures.pollAll;
import static dev.sluice.log.LogFixtures.scanAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What goes in comes out: any payloads, across segment boundaries, read back identical, in order, at
 * the positions a simple model of the layout predicts, through every way of reading; reopening
 * changes nothing.
 */
class LogProperties
{
    private static final int SEGMENT_LENGTH = 4096;
    private static final int MAX_RECORD_LENGTH = 700;
    private static final long START_NS = 1_700_000_000_000_000_000L;

    private Path dir;

    @BeforeTry
    void makeDirectory()
    {
        dir = LogFixtures.newTempDir("sluice-log-properties");
    }

    @AfterTry
    void removeDirectory()
    {
        LogFixtures.deleteRecursively(dir);
    }

    /**
     * The layout the log must follow: frames aligned one after another from each segment's header;
     * a frame that does not fit, leaving room for the padding that seals the segment, moves to the next one.
     */
    static final class LayoutModel
    {
        long base;
        int offset = SegmentDescriptor.HEADER_LENGTH;

        /** @return position the next record of this payload length gets, rolling if it must. */
        long place(final int length)
        {
            final int aligned = RecordDescriptor.alignedFrameLength(length);
            if (aligned >= SEGMENT_LENGTH - offset)
            {
                base += SEGMENT_LENGTH;
                offset = SegmentDescriptor.HEADER_LENGTH;
            }
            return base + offset;
        }

        long append(final int length)
        {
            final long position = place(length);
            offset += RecordDescriptor.alignedFrameLength(length);
            return position;
        }

        long tail()
        {
            return offset >= SEGMENT_LENGTH ? base + SEGMENT_LENGTH + SegmentDescriptor.HEADER_LENGTH : base + offset;
        }
    }

    private static LogConfig config(final AtomicLong now)
    {
        return LogConfig.builder()
            .segmentLength(SEGMENT_LENGTH)
            .maxRecordLength(MAX_RECORD_LENGTH)
            .clock(now::get)
            .build();
    }

    @Provide
    Arbitrary<List<byte[]>> payloads()
    {
        final Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(16);
        final Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX_RECORD_LENGTH);
        final Arbitrary<byte[]> largest = Arbitraries.bytes().array(byte[].class).ofSize(MAX_RECORD_LENGTH);
        return Arbitraries.frequencyOf(Tuple.of(3, small), Tuple.of(5, any), Tuple.of(1, largest))
            .list().ofMaxSize(90);
    }

    @Property(tries = 150)
    void shouldReadBackEveryPayloadInOrderThroughPollScanAndReplay(
        @ForAll("payloads") final List<byte[]> payloads,
        @ForAll @Size(min = 1, max = 8) final List<@LongRange(min = 0, max = 3000) Long> clockSteps,
        @ForAll @Size(min = 1, max = 5) final List<@IntRange(min = 1, max = 9) Integer> pollLimits,
        @ForAll @IntRange(min = 0, max = 1000) final int scanFrom,
        @ForAll @IntRange(min = 0, max = 1000) final int scanTo)
    {
        final AtomicLong now = new AtomicLong(START_NS);
        final LogConfig config = config(now);
        final LayoutModel model = new LayoutModel();
        final List<Entry> written = new ArrayList<>();
        final int[] limits = pollLimits.stream().mapToInt(Integer::intValue).toArray();

        try (Log log = Log.open(dir, config))
        {
            for (int i = 0; i < payloads.size(); i++)
            {
                now.addAndGet(clockSteps.get(i % clockSteps.size()));
                final byte[] payload = payloads.get(i);
                final long position = LogFixtures.append(log.appender(), payload);
                assertEquals(model.append(payload.length), position, "position of record " + i);
                written.add(new Entry(position, now.get(), payload.clone()));
            }
            assertEquals(payloads.size(), log.recordCount());
            assertEquals(model.tail(), log.tailPosition());
            assertEquals(model.tail(), log.appender().position());
            assertReadsBack(log, written, limits, scanFrom, scanTo);
        }

        try (Log log = Log.open(dir, config))
        {
            assertEquals(0, log.recoveredCutBytes(), log.recoveryNote());
            assertEquals(SegmentDescriptor.HEADER_LENGTH, log.startPosition());
            assertEquals(payloads.size(), log.recordCount());
            assertEquals(model.tail(), log.tailPosition());
            assertReadsBack(log, written, limits, scanFrom, scanTo);

            try (Log reader = Log.openReadOnly(dir))
            {
                assertEquals(payloads.size(), reader.recordCount());
                assertEquals(model.tail(), reader.tailPosition());
                assertReadsBack(reader, written, limits, scanFrom, scanTo);
            }

            // the reopened log goes on where the first left off
            now.addAndGet(1);
            final byte[] next = {1, 2, 3};
            final long position = LogFixtures.append(log.appender(), next);
            assertEquals(model.append(next.length), position);
            written.add(new Entry(position, now.get(), next));
            assertSameEntries(written, scanAll(log));
        }
    }

    private static void assertReadsBack(
        final Log log, final List<Entry> written, final int[] limits, final int scanFrom, final int scanTo)
    {
        final int count = written.size();
        final long tail = log.tailPosition();

        try (LogReader reader = log.openReader(log.startPosition()))
        {
            assertSameEntries(written, pollAll(reader, limits));
            assertEquals(count, reader.recordNumber());
            assertEquals(tail, reader.position());
            assertEquals(0, reader.lagRecords());
        }
        assertSameEntries(written, scanAll(log));

        // a scan of any range between two record positions hands over exactly the records in it
        final int from = Math.min(scanFrom, scanTo) % (count + 1);
        final int to = Math.max(from, Math.max(scanFrom, scanTo) % (count + 1));
        final List<Entry> scanned = new ArrayList<>();
        final long scannedCount = log.scan(positionOf(written, from, tail), positionOf(written, to, tail),
            (b, o, l, p) -> scanned.add(copy(b, o, l, p)));
        assertEquals(to - from, scannedCount);
        assertSameEntries(written.subList(from, to), scanned);

        // replay from every record number, and from the tail
        for (int n = 0; n <= count; n++)
        {
            assertEquals(positionOf(written, n, tail), log.positionOfRecord(n), "position of record " + n);
            try (LogReader reader = log.openReaderAtRecord(n))
            {
                assertEquals(n, reader.recordNumber());
                assertEquals(count - n, reader.lagRecords());
                assertSameEntries(written.subList(n, count), pollAll(reader, limits));
            }
            try (LogReader reader = log.openReader(positionOf(written, n, tail)))
            {
                assertEquals(n, reader.recordNumber(), "record number of the reader at record " + n + "'s position");
            }
        }

        // replay from every timestamp, and from just before and after each
        for (int i = 0; i < count; i++)
        {
            final long ts = written.get(i).timestampNs;
            for (long t = ts - 1; t <= ts + 1; t++)
            {
                final int first = firstAtOrAfter(written, t);
                assertEquals(positionOf(written, first, tail), log.positionOfTimestamp(t), "timestamp " + t);
            }
            try (LogReader reader = log.openReaderAtTimestamp(ts))
            {
                final int first = firstAtOrAfter(written, ts);
                final List<Entry> got = new ArrayList<>();
                reader.poll((b, o, l, p) -> got.add(copy(b, o, l, p)), 1);
                assertSameEntries(written.subList(first, first + 1), got);
            }
        }
        assertEquals(tail, log.positionOfTimestamp(Long.MAX_VALUE));
        assertEquals(count == 0 ? tail : written.get(0).position, log.positionOfTimestamp(Long.MIN_VALUE));
    }

    private static long positionOf(final List<Entry> written, final int n, final long tail)
    {
        return n < written.size() ? written.get(n).position : tail;
    }

    private static int firstAtOrAfter(final List<Entry> written, final long timestampNs)
    {
        int i = 0;
        while (i < written.size() && written.get(i).timestampNs < timestampNs)
        {
            i++;
        }
        return i;
    }

    // ---------------------------------------------------------------------------------------------

    enum Op
    {
        APPEND, CLAIM_COMMIT, CLAIM_ABORT
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Op, Integer>>> operations()
    {
        return Combinators.combine(
            Arbitraries.of(Op.class),
            Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 64)),
                Tuple.of(2, Arbitraries.integers().between(0, MAX_RECORD_LENGTH))))
            .as(Tuple::of)
            .list().ofMaxSize(80);
    }

    @Property(tries = 150)
    void shouldLeaveNoTraceOfAbortedClaimsAndPublishCommittedOnesInPlace(
        @ForAll("operations") final List<Tuple.Tuple2<Op, Integer>> operations)
    {
        final AtomicLong now = new AtomicLong(START_NS);
        final LogConfig config = config(now);
        final LayoutModel model = new LayoutModel();
        final List<Entry> written = new ArrayList<>();
        final LogClaim claim = new LogClaim();
        try (Log log = Log.open(dir, config))
        {
            int sequence = 0;
            for (final Tuple.Tuple2<Op, Integer> operation : operations)
            {
                now.addAndGet(10);
                final int length = operation.get2();
                final byte[] payload = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    payload[i] = (byte)(sequence * 7 + i);
                }
                sequence++;
                switch (operation.get1())
                {
                    case APPEND:
                    {
                        // the position append returns: a record that fills its segment to the end has the
                        // next segment's first position as the tail after it, so the tail cannot locate it
                        final long position = LogFixtures.append(log.appender(), payload);
                        assertEquals(model.append(length), position);
                        written.add(new Entry(position, now.get(), payload));
                        break;
                    }
                    case CLAIM_COMMIT:
                    {
                        final long position = log.appender().tryClaim(length, claim);
                        assertEquals(model.append(length), position);
                        assertEquals(length, claim.length());
                        claim.buffer().putBytes(claim.offset(), payload);
                        claim.commit();
                        written.add(new Entry(position, now.get(), payload));
                        break;
                    }
                    default:
                    {
                        final long position = log.appender().tryClaim(length, claim);
                        assertEquals(model.place(length), position);
                        claim.buffer().putBytes(claim.offset(), payload);
                        claim.abort();
                        break;
                    }
                }
                assertEquals(model.tail(), log.tailPosition());
            }
            assertSameEntries(written, scanAll(log));
        }
        try (Log log = Log.open(dir, config))
        {
            assertEquals(0, log.recoveredCutBytes(), log.recoveryNote());
            assertEquals(model.tail(), log.tailPosition());
            assertEquals(written.size(), log.recordCount());
            assertSameEntries(written, scanAll(log));
            for (int n = 0; n <= written.size(); n++)
            {
                assertEquals(positionOf(written, n, model.tail()), log.positionOfRecord(n));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Property(tries = 150)
    void shouldKeepEveryCursorAcrossReopen(
        @ForAll @IntRange(min = 0, max = 120) final int records,
        @ForAll @Size(max = 20) final List<@IntRange(min = 0, max = 3) Integer> cursorPicks,
        @ForAll @Size(min = 20, max = 20) final List<@IntRange(min = 0, max = 1000) Integer> storedRecordPicks)
    {
        final AtomicLong now = new AtomicLong(START_NS);
        final LogConfig config = config(now);
        final String[] names = {"orders", "orders-v2", "a.b_c", "Z9"};
        final List<Long> positions = new ArrayList<>();
        final Map<String, Integer> stored = new HashMap<>();
        long tail;
        try (Log log = Log.open(dir, config))
        {
            for (int i = 0; i < records; i++)
            {
                now.addAndGet(1);
                positions.add(LogFixtures.append(log.appender(), new byte[(i * 37) % 300]));
            }
            tail = log.tailPosition();
            positions.add(tail);
            for (int i = 0; i < cursorPicks.size(); i++)
            {
                final String name = names[cursorPicks.get(i)];
                final int recordNumber = storedRecordPicks.get(i) % (records + 1);
                final LogCursor cursor = log.cursor(name);
                if (i % 2 == 0)
                {
                    cursor.store(positions.get(recordNumber), recordNumber);
                }
                else
                {
                    try (LogReader reader = log.openReader(cursor))
                    {
                        // move a reader to the record and store its progress
                        try (LogReader at = log.openReaderAtRecord(recordNumber))
                        {
                            cursor.store(at);
                        }
                        assertTrue(reader.position() >= log.startPosition());
                    }
                }
                stored.put(name, recordNumber);
                assertEquals(positions.get(recordNumber), cursor.position());
            }
        }
        for (final boolean readOnly : new boolean[] {false, true})
        {
            try (Log log = readOnly ? Log.openReadOnly(dir) : Log.open(dir, config))
            {
                for (final String name : names)
                {
                    final LogCursor cursor = log.cursor(name);
                    final int recordNumber = stored.getOrDefault(name, 0);
                    assertEquals(positions.get(recordNumber), cursor.position(), "cursor " + name);
                    assertEquals(recordNumber, cursor.recordNumber(), "cursor " + name);
                    assertEquals(records - recordNumber, cursor.lagRecords(), "cursor " + name);
                    assertEquals(tail - positions.get(recordNumber), cursor.lagBytes(), "cursor " + name);
                    try (LogReader reader = log.openReader(cursor))
                    {
                        assertEquals(recordNumber, reader.recordNumber());
                        final long[] seen = {0, -1};
                        reader.poll((b, o, l, p) ->
                        {
                            seen[0]++;
                            seen[1] = p;
                        }, 1);
                        assertEquals(recordNumber < records ? 1 : 0, seen[0]);
                        if (recordNumber < records)
                        {
                            assertEquals(positions.get(recordNumber), seen[1]);
                        }
                    }
                }
            }
        }
    }
}
