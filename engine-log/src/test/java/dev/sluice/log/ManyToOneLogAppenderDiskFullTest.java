package dev.sluice.log;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.sluice.log.ManyToOneLogAppenderStressTest.MAX_RECORD_LENGTH;
import static dev.sluice.log.ManyToOneLogAppenderStressTest.appendOne;
import static dev.sluice.log.ManyToOneLogAppenderStressTest.readBack;
import static dev.sluice.log.ManyToOneLogAppenderStressTest.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Producers appending through the queue onto a disk that fills up (a real small file system, {@link SmallFilesystem}):
 * they are back pressured and told why ("no space left on DIR"), nothing accepted is lost, and everything goes in
 * once space is freed; a close on the full disk says how many queued records it could not append, and why.
 */
class ManyToOneLogAppenderDiskFullTest
{
    private static final int SEGMENT_LENGTH = 1 << 20;
    private static final int FILESYSTEM_BYTES = 4 << 20;
    private static final int QUEUE_CAPACITY = 64 * 1024;
    private static final int PRODUCERS = 2;
    private static final int RECORDS_AFTER_FREEING = 1_500;
    private static final long REFUSED_FOR_NS = TimeUnit.MILLISECONDS.toNanos(300);

    @TempDir
    Path work;

    @Test
    void shouldBackPressureProducersWithTheReasonAndAppendEverythingOnceSpaceIsFreed() throws Exception
    {
        try (SmallFilesystem fs = SmallFilesystem.mount(work, FILESYSTEM_BYTES))
        {
            final Path filler = fs.fill("filler", 2L * SEGMENT_LENGTH + SEGMENT_LENGTH / 2);
            final Path logDir = fs.root().resolve("log");
            final List<Throwable> failures = new CopyOnWriteArrayList<>();
            final LogException[] reasons = new LogException[PRODUCERS];
            final long[] accepted = new long[PRODUCERS];
            final CountDownLatch full = new CountDownLatch(PRODUCERS);
            final CountDownLatch freed = new CountDownLatch(1);
            try (Log log = Log.open(logDir, config());
                ManyToOneLogAppender appender = ManyToOneLogAppender.startDrainThread(log, QUEUE_CAPACITY,
                    new BackoffIdleStrategy()))
            {
                final List<Thread> producers = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++)
                {
                    final int producer = p;
                    producers.add(LogFixtures.thread("producer-" + p, failures, () ->
                    {
                        final Producer one = new Producer(appender, producer);
                        reasons[producer] = one.appendUntilRefused();
                        full.countDown();
                        freed.await();
                        one.append(RECORDS_AFTER_FREEING);
                        accepted[producer] = one.next;
                    }));
                }
                producers.forEach(Thread::start);
                assertTrue(full.await(30, TimeUnit.SECONDS), "the producers were never refused: " + failures);
                final long beforeFreeing = log.recordCount();
                for (final LogException reason : reasons)
                {
                    assertNotNull(reason);
                    assertTrue(reason.getMessage().startsWith("no space left on " + logDir), reason.getMessage());
                }

                Files.delete(filler);
                freed.countDown();
                for (final Thread producer : producers)
                {
                    producer.join(30_000);
                }
                assertEquals(List.of(), failures, "failures in the producer threads");
                appender.close();
                assertTrue(log.recordCount() >= beforeFreeing + PRODUCERS * RECORDS_AFTER_FREEING, log.toString());
                final long[] counts = readBack(log);
                for (int p = 0; p < PRODUCERS; p++)
                {
                    assertEquals(accepted[p], counts[p], "records of producer " + p);
                }
            }
        }
    }

    @Test
    void shouldSayOnCloseHowManyQueuedRecordsAFullDiskKeptOutAndWhy() throws Exception
    {
        try (SmallFilesystem fs = SmallFilesystem.mount(work, FILESYSTEM_BYTES))
        {
            fs.fill("filler", 2L * SEGMENT_LENGTH + SEGMENT_LENGTH / 2);
            final Path logDir = fs.root().resolve("log");
            try (Log log = Log.open(logDir, config()))
            {
                final ManyToOneLogAppender appender = ManyToOneLogAppender.startDrainThread(log, QUEUE_CAPACITY,
                    new BackoffIdleStrategy());
                final Producer producer = new Producer(appender, 0);
                producer.appendUntilRefused();

                final LogException ex = assertThrows(LogException.class, () -> appender.close(200));
                assertTrue(ex.getMessage().contains("queued records not appended to the log " + logDir),
                    ex.getMessage());
                assertTrue(ex.getMessage().contains("no space left on " + logDir), ex.getMessage());
                final String count = ex.getMessage().replaceFirst(".*closed with up to (\\d+) queued.*", "$1");
                assertEquals(producer.next, log.recordCount() + Long.parseLong(count),
                    "records in the log and records the close says it left, against those accepted: " +
                        ex.getMessage());
                assertTrue(Long.parseLong(count) > 0, ex.getMessage());
                assertEquals(log.recordCount(), readBack(log)[0]);
            }
        }
    }

    private static LogConfig config()
    {
        return LogConfig.builder().segmentLength(SEGMENT_LENGTH).maxRecordLength(MAX_RECORD_LENGTH)
            .prepareSegments(false).build();
    }

    /** One producer thread's records: producer, sequence and a checksum in each (see the stress test). */
    private static final class Producer
    {
        private final ManyToOneLogAppender appender;
        private final int producer;
        private final ManyToOneLogClaim claim = new ManyToOneLogClaim();
        private final UnsafeBuffer payload = new UnsafeBuffer(new byte[MAX_RECORD_LENGTH]);
        long next;

        Producer(final ManyToOneLogAppender appender, final int producer)
        {
            this.appender = appender;
            this.producer = producer;
        }

        /**
         * Appends until refused with a reason for {@link #REFUSED_FOR_NS} on end.
         *
         * @return the reason.
         */
        LogException appendUntilRefused()
        {
            long refusedSinceNs = 0;
            while (true)
            {
                final long queuePosition = tryAppendNext();
                if (queuePosition >= 0)
                {
                    refusedSinceNs = 0;
                    continue;
                }
                assertEquals(ManyToOneLogAppender.BACK_PRESSURED, queuePosition);
                final LogException reason = appender.backPressureReason();
                if (reason == null)
                {
                    refusedSinceNs = 0;
                }
                else if (refusedSinceNs == 0)
                {
                    refusedSinceNs = System.nanoTime();
                }
                else if (System.nanoTime() - refusedSinceNs > REFUSED_FOR_NS)
                {
                    return reason;
                }
                LockSupport.parkNanos(100_000);
            }
        }

        void append(final int records)
        {
            for (int i = 0; i < records; i++)
            {
                while (tryAppendNext() == ManyToOneLogAppender.BACK_PRESSURED)
                {
                    LockSupport.parkNanos(100_000);
                }
            }
        }

        private long tryAppendNext()
        {
            final long sequence = sequence(producer, next);
            final long queuePosition = appendOne(appender, claim, payload, sequence,
                LogFixtures.sequencedLength(sequence, MAX_RECORD_LENGTH));
            if (queuePosition >= 0)
            {
                next++;
            }
            return queuePosition;
        }
    }
}
