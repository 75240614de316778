package dev.sluice.log;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever the interleaving of claims, commits, aborts, copies and drains (as many threads' calls would interleave,
 * here on one thread so that a failure shrinks), through a queue small enough to wrap again and again: the log
 * holds a prefix of the committed records in claim order, never past a claim still open, and
 * {@code appendedQueuePosition} is at or past the queue position of every record in the log and short of the next;
 * once every claim is settled, close leaves exactly the committed records in the log.
 */
class ManyToOneLogAppenderProperties
{
    private static final int QUEUE_CAPACITY = ManyToOneLogAppender.MIN_QUEUE_CAPACITY;

    private Path dir;

    @BeforeTry
    void makeDirectory()
    {
        dir = LogFixtures.newTempDir("sluice-many-to-one-properties");
    }

    @AfterTry
    void removeDirectory()
    {
        LogFixtures.deleteRecursively(dir);
    }

    /** One call: CLAIM and APPEND take a length, COMMIT and ABORT pick an open claim, DRAIN takes a limit. */
    record Step(Kind kind, int argument)
    {
    }

    enum Kind
    {
        CLAIM, APPEND, COMMIT, ABORT, DRAIN
    }

    /** A record as the producers see it. */
    static final class Slot
    {
        final byte[] payload;
        final long queuePosition;
        final ManyToOneLogClaim claim;
        boolean committed;
        boolean aborted;

        Slot(final byte[] payload, final long queuePosition, final ManyToOneLogClaim claim)
        {
            this.payload = payload;
            this.queuePosition = queuePosition;
            this.claim = claim;
        }
    }

    @Provide
    Arbitrary<List<Step>> steps()
    {
        final Arbitrary<Kind> kinds = Arbitraries.frequency(
            Tuple.of(4, Kind.CLAIM), Tuple.of(3, Kind.APPEND),
            Tuple.of(4, Kind.COMMIT), Tuple.of(1, Kind.ABORT),
            Tuple.of(3, Kind.DRAIN));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, QUEUE_CAPACITY / 8))
            .as(Step::new).list().ofMinSize(120).ofMaxSize(400);
    }

    @Property(tries = 100)
    void shouldAppendCommittedRecordsInClaimOrderAndNeverPastAnOpenClaim(@ForAll("steps") final List<Step> steps)
    {
        final List<Slot> slots = new ArrayList<>();
        final List<Slot> open = new ArrayList<>();
        try (Log log = Log.open(dir, LogFixtures.small().prepareSegments(false).build()))
        {
            final ManyToOneLogAppender appender = ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY);
            for (final Step step : steps)
            {
                switch (step.kind())
                {
                    case CLAIM ->
                    {
                        final ManyToOneLogClaim claim = new ManyToOneLogClaim();
                        final byte[] payload = payload(slots.size(), step.argument());
                        final long queuePosition = appender.tryClaim(payload.length, claim);
                        if (queuePosition >= 0)
                        {
                            claim.buffer().putBytes(claim.offset(), payload);
                            final Slot slot = new Slot(payload, queuePosition, claim);
                            slots.add(slot);
                            open.add(slot);
                        }
                    }
                    case APPEND ->
                    {
                        final byte[] payload = payload(slots.size(), step.argument());
                        final long queuePosition = appender.append(new UnsafeBuffer(payload), 0, payload.length);
                        if (queuePosition >= 0)
                        {
                            final Slot slot = new Slot(payload, queuePosition, null);
                            slot.committed = true;
                            slots.add(slot);
                        }
                    }
                    case COMMIT, ABORT ->
                    {
                        if (!open.isEmpty())
                        {
                            final Slot slot = open.remove(step.argument() % open.size());
                            if (step.kind() == Kind.COMMIT)
                            {
                                assertEquals(slot.queuePosition, slot.claim.commit());
                                slot.committed = true;
                            }
                            else
                            {
                                slot.claim.abort();
                                slot.aborted = true;
                            }
                        }
                    }
                    case DRAIN ->
                    {
                        final long before = log.recordCount();
                        final int drained = appender.drain(1 + step.argument() % 5);
                        assertEquals(before + drained, log.recordCount(), "records the drain says it appended");
                        assertPrefixInClaimOrder(log, appender, slots);
                    }
                }
                assertQueuePositionsRise(slots);
            }
            for (final Slot slot : open)
            {
                assertEquals(slot.queuePosition, slot.claim.commit());
                slot.committed = true;
            }
            appender.close();
            final List<byte[]> expected = new ArrayList<>();
            for (final Slot slot : slots)
            {
                if (slot.committed)
                {
                    expected.add(slot.payload);
                }
            }
            final List<LogFixtures.Entry> entries = LogFixtures.scanAll(log);
            assertEquals(expected.size(), entries.size(), "records in the log after close");
            for (int i = 0; i < expected.size(); i++)
            {
                assertArrayEquals(expected.get(i), entries.get(i).payload, "record " + i);
            }
        }
    }

    /**
     * The log holds the committed records in claim order, the aborted ones skipped, from the first on and not past
     * the first open claim; the appended queue position covers exactly them.
     */
    private static void assertPrefixInClaimOrder(final Log log, final ManyToOneLogAppender appender,
        final List<Slot> slots)
    {
        final List<LogFixtures.Entry> entries = LogFixtures.scanAll(log);
        final long appended = appender.appendedQueuePosition();
        int next = 0;
        for (final Slot slot : slots)
        {
            if (slot.aborted)
            {
                continue;
            }
            if (next == entries.size())
            {
                assertTrue(slot.queuePosition > appended, "a record not in the log has queue position " +
                    slot.queuePosition + ", within the appended " + appended);
                return;
            }
            assertTrue(slot.committed, "the log holds a record past an open claim");
            assertArrayEquals(slot.payload, entries.get(next).payload, "record " + next + " of the log");
            assertTrue(slot.queuePosition <= appended, "record " + next + " is in the log, but its queue position " +
                slot.queuePosition + " is past the appended " + appended);
            next++;
        }
        assertEquals(entries.size(), next, "the log holds records nobody committed");
    }

    private static void assertQueuePositionsRise(final List<Slot> slots)
    {
        for (int i = 1; i < slots.size(); i++)
        {
            assertTrue(slots.get(i).queuePosition > slots.get(i - 1).queuePosition, "queue positions of claims " +
                (i - 1) + " and " + i);
        }
    }

    private static byte[] payload(final int n, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(n * 31 + i);
        }
        return bytes;
    }
}
