package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link ChecksumVerification}: with {@code FIRST_READ} a record's checksum is checked by the first read in this
 * process and trusted after, the per-segment mark covering only a contiguous run of checked frames; with
 * {@code EVERY_READ} every read checks it. The files are corrupted while the log is open, as a bit flip on the
 * device or another program would.
 */
class LogChecksumVerificationTest
{
    private static final int SEGMENT = 64 * 1024;
    private static final int RECORDS = 20;
    private static final int PAYLOAD = 100;

    @TempDir
    Path dir;

    private Log open(final ChecksumVerification verification)
    {
        // no verifier thread: these tests pin down what readers themselves check and mark (SegmentVerifierTest
        // covers the thread, which would otherwise move the marks at moments of its own)
        return Log.open(dir, LogConfig.builder().segmentLength(SEGMENT).maxRecordLength(1000)
            .checksumVerification(verification).verifyAhead(false).build());
    }
    private static long scanAll(final Log log)
    {
        return log.scan(log.startPosition(), log.tailPosition(), (b, o, l, p) -> { });
    }

    private static int offset(final long position)
    {
        return (int)(position % SEGMENT);
    }

    @Test
    void shouldCatchACorruptRecordNoReaderHasCheckedYetOnASecondScan() throws IOException
    {
        try (Log log = open(ChecksumVerification.FIRST_READ))
        {
            final List<Long> positions = LogFixtures.appendNumbered(log.appender(), RECORDS, PAYLOAD);
            // the first scan checks records 0..4 only
            assertEquals(5, log.scan(log.startPosition(), positions.get(5), (b, o, l, p) -> { }));
            assertEquals(offset(positions.get(5)), log.sharedSegments().verifiedTo(0));

            LogFixtures.flipPayloadByte(dir, SEGMENT, positions.get(7), PAYLOAD / 2);
            final CorruptLogException ex = assertThrows(CorruptLogException.class, () -> scanAll(log));
            assertEquals(positions.get(7), ex.position(), ex.getMessage());
            // and again: the mark stops in front of the corrupt record
            assertEquals(offset(positions.get(7)), log.sharedSegments().verifiedTo(0));
            assertThrows(CorruptLogException.class, () -> scanAll(log));
        }
    }

    @Test
    void shouldNotMarkWhatTheAppenderWroteAsChecked() throws IOException
    {
        try (Log log = open(ChecksumVerification.FIRST_READ))
        {
            final List<Long> positions = LogFixtures.appendNumbered(log.appender(), RECORDS, PAYLOAD);
            LogFixtures.flipPayloadByte(dir, SEGMENT, positions.get(0), PAYLOAD / 2);
            assertThrows(CorruptLogException.class, () -> scanAll(log));
        }
    }

    @Test
    void shouldTrustRecordsCheckedByAnEarlierReadWithFirstRead() throws IOException
    {
        try (Log log = open(ChecksumVerification.FIRST_READ))
        {
            final List<Long> positions = LogFixtures.appendNumbered(log.appender(), RECORDS, PAYLOAD);
            assertEquals(RECORDS, scanAll(log));
            assertEquals(offset(log.tailPosition()), log.sharedSegments().verifiedTo(0));

            // the price of FIRST_READ: a corruption after the check is not seen again in this process
            LogFixtures.flipPayloadByte(dir, SEGMENT, positions.get(3), PAYLOAD / 2);
            assertEquals(RECORDS, scanAll(log));
        }
    }

    @Test
    void shouldCatchACorruptionAfterAFirstScanWithEveryRead() throws IOException
    {
        try (Log log = open(ChecksumVerification.EVERY_READ))
        {
            final List<Long> positions = LogFixtures.appendNumbered(log.appender(), RECORDS, PAYLOAD);
            assertEquals(RECORDS, scanAll(log));
            assertEquals(RECORDS, scanAll(log));
            assertEquals(SegmentDescriptor.HEADER_LENGTH, log.sharedSegments().verifiedTo(0), "EVERY_READ marks nothing");

            LogFixtures.flipPayloadByte(dir, SEGMENT, positions.get(3), PAYLOAD / 2);
            final CorruptLogException ex = assertThrows(CorruptLogException.class, () -> scanAll(log));
            assertEquals(positions.get(3), ex.position(), ex.getMessage());

            try (LogReader reader = log.openReader(log.startPosition()))
            {
                final List<LogFixtures.Entry> seen = new ArrayList<>();
                assertThrows(CorruptLogException.class,
                    () -> reader.poll((b, o, l, p) -> seen.add(LogFixtures.copy(b, o, l, p)), 100));
                assertEquals(3, seen.size(), "records 0 to 2, then the corrupt one stops the reader");
                assertEquals(0, reader.trustedTo());
            }
        }
    }

    @Test
    void shouldLetAReadOnlyLogCheckOnEveryRead() throws IOException
    {
        try (Log log = open(ChecksumVerification.FIRST_READ))
        {
            final List<Long> positions = LogFixtures.appendNumbered(log.appender(), RECORDS, PAYLOAD);
            try (Log reading = Log.openReadOnly(dir, LogConfig.builder()
                .checksumVerification(ChecksumVerification.EVERY_READ).build()))
            {
                assertEquals(RECORDS, scanAll(reading));
                LogFixtures.flipPayloadByte(dir, SEGMENT, positions.get(3), PAYLOAD / 2);
                final CorruptLogException ex = assertThrows(CorruptLogException.class, () -> scanAll(reading));
                assertEquals(positions.get(3), ex.position(), ex.getMessage());
            }
        }
    }

    @Test
    void shouldRaiseTheMarkOnlyOverAContiguousRunOfCheckedFrames()
    {
        try (Log log = open(ChecksumVerification.FIRST_READ))
        {
            final List<Long> positions = LogFixtures.appendNumbered(log.appender(), RECORDS, PAYLOAD);
            final SharedSegments shared = log.sharedSegments();

            // a reader that starts past the mark checks what it reads, but cannot extend the mark over a gap
            try (LogReader reader = log.openReader(positions.get(10)))
            {
                assertEquals(RECORDS - 10, LogFixtures.pollAll(reader, new int[] {3, 100}).size());
                assertEquals(SegmentDescriptor.HEADER_LENGTH, reader.trustedTo());
            }
            assertEquals(SegmentDescriptor.HEADER_LENGTH, shared.verifiedTo(0));

            assertEquals(5, log.scan(log.startPosition(), positions.get(5), (b, o, l, p) -> { }));
            assertEquals(offset(positions.get(5)), shared.verifiedTo(0));

            try (LogReader pastTheMark = log.openReader(positions.get(8)))
            {
                assertEquals(RECORDS - 8, LogFixtures.pollAll(pastTheMark, new int[] {100}).size());
                assertEquals(offset(positions.get(5)), pastTheMark.trustedTo());
            }
            assertEquals(offset(positions.get(5)), shared.verifiedTo(0));

            // a reader that starts under the mark skips up to it, then checks and extends it as it goes
            try (LogReader underTheMark = log.openReader(positions.get(2)))
            {
                assertEquals(5, underTheMark.poll((b, o, l, p) -> { }, 5));
                assertEquals(offset(positions.get(7)), underTheMark.trustedTo());
                assertEquals(offset(positions.get(7)), shared.verifiedTo(0), "published at the end of the read");
                assertEquals(RECORDS - 7, underTheMark.poll((b, o, l, p) -> { }, 100));
            }
            assertEquals(offset(log.tailPosition()), shared.verifiedTo(0));
        }
    }

    @Test
    void shouldTakeUpWhatOtherReadersCheckedAtTheStartOfEachRead()
    {
        try (Log log = open(ChecksumVerification.FIRST_READ))
        {
            final List<Long> positions = LogFixtures.appendNumbered(log.appender(), RECORDS, PAYLOAD);
            try (LogReader slow = log.openReader(log.startPosition()))
            {
                assertEquals(1, slow.poll((b, o, l, p) -> { }, 1));
                assertEquals(offset(positions.get(1)), slow.trustedTo());
                assertEquals(RECORDS, scanAll(log));
                assertEquals(1, slow.poll((b, o, l, p) -> { }, 1));
                assertEquals(offset(log.tailPosition()), slow.trustedTo());
            }
            assertEquals(offset(log.tailPosition()), log.sharedSegments().verifiedTo(0), "a lower mark never lands");
        }
    }

    @Test
    void shouldReleaseTheSegmentWhenAHandlerClosesItsReader()
    {
        try (Log log = open(ChecksumVerification.FIRST_READ))
        {
            LogFixtures.appendNumbered(log.appender(), RECORDS, PAYLOAD);
            final LogReader reader = log.openReader(log.startPosition());
            reader.poll((b, o, l, p) -> reader.close(), 3);
            assertEquals(0, log.sharedSegments().heldMappings());
            assertThrows(IllegalStateException.class, () -> reader.poll((b, o, l, p) -> { }, 1));
        }
    }

    @Test
    void shouldRefuseAPollFromTheReadersOwnHandler()
    {
        try (Log log = open(ChecksumVerification.FIRST_READ))
        {
            LogFixtures.appendNumbered(log.appender(), RECORDS, PAYLOAD);
            try (LogReader reader = log.openReader(log.startPosition()))
            {
                assertThrows(IllegalStateException.class,
                    () -> reader.poll((b, o, l, p) -> reader.poll((b2, o2, l2, p2) -> { }, 1), 1));
                assertEquals(RECORDS - 1, reader.poll((b, o, l, p) -> { }, 100), "the reader goes on after it");
            }
        }
    }

    @Test
    void shouldRefuseANullVerification()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> LogConfig.builder().checksumVerification(null));
        assertEquals(true, ex.getMessage().contains("FIRST_READ"), ex.getMessage());
        assertEquals(ChecksumVerification.FIRST_READ, LogConfig.defaults().checksumVerification());
        assertEquals(ChecksumVerification.EVERY_READ, LogConfig.builder()
            .checksumVerification(ChecksumVerification.EVERY_READ).build().toBuilder().build().checksumVerification());
    }
}
