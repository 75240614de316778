package dev.sluice.core.source;

import dev.sluice.core.TestEvent;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogException;
import dev.sluice.log.ManyToOneLogAppender;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events from several threads go into one log through their codecs, each thread's in its order and each once; back
 * pressure that outlasts the timeout says why; a codec that lies about its length leaves nothing behind and holds
 * nothing up; close appends what is queued.
 */
class ManyToOneEventAppenderTest
{
    private static final int THREADS = 4;
    private static final int EVENTS_PER_THREAD = 10_000;

    @TempDir
    Path dir;

    @Test
    void shouldAppendEveryThreadsEventsOnceAndInItsOrder() throws Exception
    {
        final AtomicInteger codecsMade = new AtomicInteger();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            try (ManyToOneLogAppender queue = ManyToOneLogAppender.startDrainThread(log, 64 * 1024,
                new BackoffIdleStrategy()))
            {
                final ManyToOneEventAppender<TestEvent> appender = new ManyToOneEventAppender<>(queue, () ->
                {
                    codecsMade.incrementAndGet();
                    return new TestEvent.TestCodec();
                });
                final List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++)
                {
                    final int key = t;
                    threads.add(new Thread(() ->
                    {
                        try
                        {
                            final TestEvent event = new TestEvent();
                            for (int n = 0; n < EVENTS_PER_THREAD; n++)
                            {
                                event.key = key;
                                event.time = n;
                                event.value = n * 7L;
                                assertTrue(appender.append(event, 10_000) > 0);
                            }
                        }
                        catch (final Throwable ex)
                        {
                            failures.add(ex);
                        }
                    }, "producer-" + t));
                }
                threads.forEach(Thread::start);
                for (final Thread thread : threads)
                {
                    thread.join(60_000);
                }
            }
            assertEquals(List.of(), failures, "failures in the producer threads");
            assertEquals(THREADS, codecsMade.get(), "codecs made: one per appending thread");

            final TestEvent.TestCodec codec = new TestEvent.TestCodec();
            final long[] next = new long[THREADS];
            log.scan(log.startPosition(), log.tailPosition(), (buffer, offset, length, position) ->
            {
                final TestEvent event = codec.decode(buffer, offset, length);
                final int key = (int)event.key;
                assertEquals(next[key], event.time, "event of thread " + key + " at " + position);
                assertEquals(event.time * 7, event.value, "event of thread " + key + " at " + position);
                next[key]++;
            });
            for (int t = 0; t < THREADS; t++)
            {
                assertEquals(EVENTS_PER_THREAD, next[t], "events of thread " + t);
            }
        }
    }

    @Test
    void shouldAllocateNothingPerEventOnceAThreadHasAppended()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot allocation counters");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        try (Log log = Log.open(dir, LogConfig.defaults());
            ManyToOneLogAppender queue = ManyToOneLogAppender.drainedByCaller(log, 64 * 1024))
        {
            final ManyToOneEventAppender<TestEvent> appender =
                new ManyToOneEventAppender<>(queue, TestEvent.TestCodec::new);
            final TestEvent event = new TestEvent();
            appendAndDrain(appender, queue, event, 20_000);
            final long threadId = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(threadId);
            appendAndDrain(appender, queue, event, 100_000);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            // producer and drain on this one thread: claim, encode, commit, copy into the log
            assertTrue(allocated < 10_000, allocated + " bytes allocated for 100000 events, appended and drained");
            assertEquals(120_000, log.recordCount());
        }
    }

    private static void appendAndDrain(final ManyToOneEventAppender<TestEvent> appender,
        final ManyToOneLogAppender queue, final TestEvent event, final int events)
    {
        for (int n = 0; n < events; n++)
        {
            event.key = n;
            event.time = n;
            if (appender.tryAppend(event) < 0)
            {
                throw new AssertionError("event " + n + " refused by a queue drained every 100 events");
            }
            if (n % 100 == 99)
            {
                queue.drain(Integer.MAX_VALUE);
            }
        }
        queue.drain(Integer.MAX_VALUE);
        queue.drain(Integer.MAX_VALUE);
    }

    @Test
    void shouldSayTheQueueIsNotDrainedWhenBackPressureOutlastsTheTimeout()
    {
        try (Log log = Log.open(dir, LogConfig.defaults());
            ManyToOneLogAppender queue = ManyToOneLogAppender.drainedByCaller(log,
                ManyToOneLogAppender.MIN_QUEUE_CAPACITY))
        {
            final ManyToOneEventAppender<TestEvent> appender =
                new ManyToOneEventAppender<>(queue, TestEvent.TestCodec::new);
            int accepted = 0;
            while (appender.tryAppend(TestEvent.of(1, accepted, 0)) > 0)
            {
                accepted++;
            }
            final LogException ex = assertThrows(LogException.class, () -> appender.append(TestEvent.of(1, 2, 3), 20));
            assertTrue(ex.getMessage().contains("its drain does not keep up"), ex.getMessage());

            assertEquals(accepted, queue.drain(Integer.MAX_VALUE) + queue.drain(Integer.MAX_VALUE));
            assertTrue(appender.append(TestEvent.of(1, 2, 3), 20) > 0);
        }
    }

    @Test
    void shouldAppendNothingAndHoldNothingUpWhenTheCodecWritesAnotherLength()
    {
        final OverstatingCodec lying = new OverstatingCodec();
        try (Log log = Log.open(dir, LogConfig.defaults());
            ManyToOneLogAppender queue = ManyToOneLogAppender.drainedByCaller(log, 4096))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> new ManyToOneEventAppender<>(queue, () -> lying).tryAppend(TestEvent.of(1, 2, 3)));
            assertTrue(ex.getMessage().contains("nothing was appended"), ex.getMessage());
            final ManyToOneEventAppender<TestEvent> good =
                new ManyToOneEventAppender<>(queue, TestEvent.TestCodec::new);
            assertTrue(good.tryAppend(TestEvent.of(1, 2, 3)) > 0);
            assertEquals(1, queue.drain(10), "the aborted claim held the good event up");
            assertEquals(1, log.recordCount());
        }
    }

    @Test
    void shouldAppendQueuedEventsOnCloseAndRefuseAppendsAfter()
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final ManyToOneLogAppender queue = ManyToOneLogAppender.drainedByCaller(log, 64 * 1024);
            final ManyToOneEventAppender<TestEvent> appender =
                new ManyToOneEventAppender<>(queue, TestEvent.TestCodec::new);
            for (int n = 0; n < 100; n++)
            {
                appender.append(TestEvent.of(n, n, n), 1_000);
            }
            assertEquals(0, log.recordCount());
            queue.close();
            assertEquals(100, log.recordCount());
            assertEquals(ManyToOneLogAppender.CLOSED, appender.tryAppend(TestEvent.of(1, 2, 3)));
            assertThrows(IllegalStateException.class, () -> appender.append(TestEvent.of(1, 2, 3), 1_000));
        }
    }
}
