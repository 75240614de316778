package dev.sluice.log;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several producer threads append at once through a small queue (full often, wrapping often) into a log whose
 * segments roll: read back, every accepted record is there exactly once, whole (the payloads carry their producer,
 * their sequence and a checksum of their own), and each producer's records are in its order. Closing under the
 * producers answers every append truthfully: what was accepted is in the log, what was refused is not. A few
 * seconds; in the default suite.
 */
class ManyToOneLogAppenderStressTest
{
    static final int PRODUCERS = 4;
    private static final int RECORDS_PER_PRODUCER = 25_000;
    private static final int QUEUE_CAPACITY = 16 * 1024;
    static final int MAX_RECORD_LENGTH = 300;
    private static final long DEADLINE_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldAppendEveryRecordOfEveryProducerOnceAndInItsOrder() throws Exception
    {
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final long[] backPressured = new long[PRODUCERS];
        final long[][] queuePositions = new long[PRODUCERS][RECORDS_PER_PRODUCER];
        try (Log log = Log.open(dir, config());
            ManyToOneLogAppender appender = ManyToOneLogAppender.startDrainThread(log, QUEUE_CAPACITY,
                new BackoffIdleStrategy()))
        {
            final List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++)
            {
                final int producer = p;
                producers.add(LogFixtures.thread("producer-" + p, failures,
                    () -> backPressured[producer] = produce(appender, producer, RECORDS_PER_PRODUCER,
                        queuePositions[producer])));
            }
            producers.forEach(Thread::start);
            for (final Thread producer : producers)
            {
                producer.join(DEADLINE_MS);
            }
            assertEquals(List.of(), failures, "failures in the producer threads");
            appender.close();
            for (int p = 0; p < PRODUCERS; p++)
            {
                assertTrue(queuePositions[p][RECORDS_PER_PRODUCER - 1] <= appender.appendedQueuePosition(),
                    "producer " + p + "'s last record is past what the appender says is in the log");
            }

            final long[] counts = readBack(log);
            for (int p = 0; p < PRODUCERS; p++)
            {
                assertEquals(RECORDS_PER_PRODUCER, counts[p], "records of producer " + p);
            }
            assertEquals((long)PRODUCERS * RECORDS_PER_PRODUCER, log.recordCount());
            assertTrue(log.tailPosition() > 4L * log.segmentLength(), "the log rolled too few segments: " + log);
            long sum = 0;
            for (final long n : backPressured)
            {
                sum += n;
            }
            assertTrue(sum > 0, "the queue was never full: the test does not cover back pressure");
        }
    }

    @Test
    void shouldAnswerEveryAppendTruthfullyWhenClosedUnderTheProducers() throws Exception
    {
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final long[] accepted = new long[PRODUCERS];
        final AtomicBoolean started = new AtomicBoolean();
        try (Log log = Log.open(dir, config()))
        {
            final ManyToOneLogAppender appender = ManyToOneLogAppender.startDrainThread(log, QUEUE_CAPACITY,
                new BackoffIdleStrategy());
            final List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++)
            {
                final int producer = p;
                producers.add(LogFixtures.thread("producer-" + p, failures,
                    () -> accepted[producer] = produceUntilClosed(appender, producer, started)));
            }
            producers.forEach(Thread::start);
            while (!started.get() || log.recordCount() < 20_000)
            {
                Thread.onSpinWait();
            }
            appender.close();
            for (final Thread producer : producers)
            {
                producer.join(DEADLINE_MS);
            }
            assertEquals(List.of(), failures, "failures in the producer threads");

            final long[] counts = readBack(log);
            for (int p = 0; p < PRODUCERS; p++)
            {
                assertEquals(accepted[p], counts[p], "records of producer " + p + " in the log against its accepted" +
                    " appends (the first refused one ended it)");
            }
        }
    }

    static LogConfig config()
    {
        return LogConfig.builder().segmentLength(256 * 1024).maxRecordLength(MAX_RECORD_LENGTH).build();
    }

    /**
     * Appends {@code records} self-checking records of producer {@code producer}, alternately in place and by copy,
     * waiting out back pressure.
     *
     * @return how often the queue was full.
     */
    static long produce(final ManyToOneLogAppender appender, final int producer, final int records,
        final long[] queuePositions)
    {
        final ManyToOneLogClaim claim = new ManyToOneLogClaim();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[MAX_RECORD_LENGTH]);
        long backPressured = 0;
        long previous = -1;
        for (int n = 0; n < records; n++)
        {
            final long sequence = sequence(producer, n);
            final int length = LogFixtures.sequencedLength(sequence, MAX_RECORD_LENGTH);
            long queuePosition;
            while ((queuePosition = appendOne(appender, claim, payload, sequence, length)) ==
                ManyToOneLogAppender.BACK_PRESSURED)
            {
                backPressured++;
                Thread.yield();
            }
            assertTrue(queuePosition > previous, "queue position " + queuePosition + " after " + previous);
            previous = queuePosition;
            if (queuePositions != null)
            {
                queuePositions[n] = queuePosition;
            }
        }
        return backPressured;
    }

    /**
     * Appends until the appender is closed.
     *
     * @return records accepted.
     */
    private static long produceUntilClosed(final ManyToOneLogAppender appender, final int producer,
        final AtomicBoolean started)
    {
        final ManyToOneLogClaim claim = new ManyToOneLogClaim();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[MAX_RECORD_LENGTH]);
        started.set(true);
        for (int n = 0; ; n++)
        {
            final long sequence = sequence(producer, n);
            final int length = LogFixtures.sequencedLength(sequence, MAX_RECORD_LENGTH);
            long queuePosition;
            while ((queuePosition = appendOne(appender, claim, payload, sequence, length)) ==
                ManyToOneLogAppender.BACK_PRESSURED)
            {
                LockSupport.parkNanos(1_000);
            }
            if (queuePosition == ManyToOneLogAppender.CLOSED)
            {
                // once refused, never accepted again
                assertEquals(ManyToOneLogAppender.CLOSED, appendOne(appender, claim, payload, sequence, length));
                return n;
            }
        }
    }

    static long appendOne(final ManyToOneLogAppender appender, final ManyToOneLogClaim claim,
        final UnsafeBuffer payload, final long sequence, final int length)
    {
        if ((sequence & 1) == 0)
        {
            final long claimed = appender.tryClaim(length, claim);
            if (claimed < 0)
            {
                return claimed;
            }
            LogFixtures.fillSequenced(claim.buffer(), claim.offset(), length, sequence);
            return claim.commit();
        }
        LogFixtures.fillSequenced(payload, 0, length, sequence);
        return appender.append(payload, 0, length);
    }

    static long sequence(final int producer, final long n)
    {
        return (long)producer << 40 | n;
    }

    /**
     * Reads the whole log, checking each record whole and each producer's records numbered 0, 1, 2, ... in order.
     *
     * @return records of each producer.
     */
    static long[] readBack(final Log log)
    {
        final long[] next = new long[PRODUCERS];
        log.scan(log.startPosition(), log.tailPosition(), (buffer, offset, length, position) ->
        {
            final long sequence = LogFixtures.checkSequenced(buffer, offset, length);
            final int producer = (int)(sequence >>> 40);
            assertEquals(next[producer], sequence & ((1L << 40) - 1), "record of producer " + producer + " at " +
                position + " out of its order (or twice)");
            next[producer]++;
        });
        return next;
    }
}
