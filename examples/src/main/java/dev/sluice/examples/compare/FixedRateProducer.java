package dev.sluice.examples.compare;

import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersLogWriter;
import dev.sluice.log.LogAppender;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends the orders of a workload at a fixed real-time rate: event {@code i} when the clock reaches
 * {@link FixedRateSchedule#dueNs}{@code (i)}, never before, and at once when it is late (then without reading the
 * clock again until it has caught up). The event time of each event is its due time ({@code FixedRateSchedule}),
 * because the workload's {@code startMillis} and {@code eventsPerSecond} are the schedule's.
 *
 * <p>Threading: {@link #run} on its own thread, the single appender of its log; {@link #appended}, {@link #stop}
 * and {@link #lagNs} from any thread.
 */
public final class FixedRateProducer implements Runnable
{
    /** Waits longer than this park the thread; shorter ones spin, so that an event leaves within a microsecond. */
    private static final long PARK_ABOVE_NS = 200_000;
    private static final long PARK_MARGIN_NS = 100_000;

    private final OrdersGenerator generator;
    private final OrdersLogWriter writer;
    private final FixedRateSchedule schedule;
    private final NanoClock clock;
    private final OrderEvent event = new OrderEvent();
    private final AtomicLong appended = new AtomicLong();
    private volatile long lagNs;
    private volatile long endNs;
    private volatile boolean stopRequested;
    private volatile Throwable failure;

    /**
     * @param generator the events, whose workload's start and rate are the schedule's.
     * @param appender  the log's appender.
     * @param schedule  when each event is due.
     * @param clock     the schedule's clock.
     */
    public FixedRateProducer(
        final OrdersGenerator generator, final LogAppender appender, final FixedRateSchedule schedule,
        final NanoClock clock)
    {
        this.generator = generator;
        this.writer = new OrdersLogWriter(appender);
        this.schedule = schedule;
        this.clock = clock;
    }

    public void run()
    {
        try
        {
            long index = 0;
            long nowNs = clock.nanoTime();
            while (generator.hasNext() && !stopRequested)
            {
                final long dueNs = schedule.dueNs(index);
                while (nowNs < dueNs)
                {
                    final long waitNs = dueNs - nowNs;
                    if (waitNs > PARK_ABOVE_NS)
                    {
                        LockSupport.parkNanos(waitNs - PARK_MARGIN_NS);
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                    nowNs = clock.nanoTime();
                }
                writer.append(generator.next(event));
                index++;
                // ordered, not volatile: a store fence per event would cost more than the append
                appended.lazySet(index);
                if ((index & 1023) == 0)
                {
                    // how far behind its schedule the producer runs: read by the progress line
                    lagNs = Math.max(0, clock.nanoTime() - dueNs);
                }
            }
            lagNs = Math.max(0, clock.nanoTime() - schedule.dueNs(Math.max(0, index - 1)));
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
        finally
        {
            endNs = clock.nanoTime();
        }
    }

    /**
     * @return events appended so far.
     */
    public long appended()
    {
        return appended.get();
    }

    /**
     * @return how far behind its schedule the producer was at its last look, ns.
     */
    public long lagNs()
    {
        return lagNs;
    }

    /**
     * @return when the producer ended (clock ns), 0 while it runs.
     */
    public long endNs()
    {
        return endNs;
    }

    /**
     * @return what ended the producer with an error, or null.
     */
    public Throwable failure()
    {
        return failure;
    }

    /**
     * Ask the producer to stop after its current event.
     */
    public void stop()
    {
        stopRequested = true;
    }
}
