package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log's verifier thread checks the segments ahead of a reader and raises their marks; it never vouches for a
 * corrupt record (the reader reaches it, checks it and reports it) and stops with its log.
 */
class SegmentVerifierTest
{
    private static final int SEGMENT = 64 * 1024;
    private static final int PAYLOAD = 100;
    private static final int RECORDS = 2000;

    private static final LogConfig VERIFY_AHEAD = LogConfig.builder().verifyAhead(true).build();

    @TempDir
    Path dir;

    private List<Long> write()
    {
        final List<Long> positions = new ArrayList<>();
        try (Log log = Log.open(dir, LogConfig.builder().segmentLength(SEGMENT).maxRecordLength(1000).build()))
        {
            positions.addAll(LogFixtures.appendNumbered(log.appender(), RECORDS, PAYLOAD));
        }
        return positions;
    }

    private static void awaitMark(final Log log, final long base, final int atLeast) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (log.sharedSegments().verifiedTo(base) < atLeast && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
    }

    private static boolean verifierAlive()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.isAlive() && t.getName().startsWith("sluice-log-verifier-"));
    }

    @Test
    void shouldCheckTheSegmentsAheadOfAReaderSoThatItTrustsThem() throws InterruptedException
    {
        final List<Long> positions = write();
        final long secondBase = SEGMENT;
        try (Log log = Log.openReadOnly(dir, VERIFY_AHEAD))
        {
            // a reader entering the first segment has it and the next ones checked
            try (LogReader reader = log.openReader(log.startPosition()))
            {
                assertEquals(1, reader.poll((b, o, l, p) -> { }, 1));
                final int lastInSecond = (int)(positions.stream().filter(p -> p < 2L * SEGMENT).reduce(0L, Math::max) %
                    SEGMENT);
                awaitMark(log, secondBase, lastInSecond + 1);
                assertTrue(log.sharedSegments().verifiedTo(secondBase) > lastInSecond,
                    "the verifier checked the second segment to its end");
                // the reader reads on through what the verifier checked
                int read = 1;
                int n;
                while ((n = reader.poll((b, o, l, p) -> { }, 100)) > 0)
                {
                    read += n;
                }
                assertEquals(RECORDS, read);
            }
        }
        assertFalse(verifierAlive(), "the verifier stops with its log");
    }

    @Test
    void shouldLeaveACorruptRecordForTheReaderToReport() throws IOException, InterruptedException
    {
        final List<Long> positions = write();
        final long corrupt = positions.stream().filter(p -> p > SEGMENT + SEGMENT / 2).findFirst().orElseThrow();
        LogFixtures.flipPayloadByte(dir, SEGMENT, corrupt, PAYLOAD / 2);
        try (Log log = Log.openReadOnly(dir, VERIFY_AHEAD))
        {
            try (LogReader reader = log.openReader(log.startPosition()))
            {
                reader.poll((b, o, l, p) -> { }, 1);
                awaitMark(log, SEGMENT, (int)(corrupt % SEGMENT));
                Thread.sleep(50);
                assertEquals(corrupt % SEGMENT, log.sharedSegments().verifiedTo(SEGMENT),
                    "the mark stops in front of the corrupt record");
            }
            final CorruptLogException ex = assertThrows(CorruptLogException.class,
                () -> log.scan(log.startPosition(), log.tailPosition(), (b, o, l, p) -> { }));
            assertEquals(corrupt, ex.position(), ex.getMessage());
        }
    }

    @Test
    void shouldStartNoVerifierForEveryReadOrByDefault()
    {
        write();
        for (final LogConfig config : List.of(
            LogConfig.builder().checksumVerification(ChecksumVerification.EVERY_READ).verifyAhead(true).build(),
            LogConfig.defaults()))
        {
            try (Log log = Log.openReadOnly(dir, config))
            {
                assertEquals(RECORDS, log.scan(log.startPosition(), log.tailPosition(), (b, o, l, p) -> { }));
                assertFalse(verifierAlive(), config.toString());
            }
        }
    }
}
