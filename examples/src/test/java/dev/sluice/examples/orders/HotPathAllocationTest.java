package dev.sluice.examples.orders;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Job;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.source.InMemoryLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariant 5 of DESIGN.md, measured in bytes rather than time: once the window state has grown to its working
 * size, processing orders allocates (almost) nothing per event, in streaming and in micro-batches. The bound
 * leaves room for per-window work (a fire sorts its keys), never for per-event objects.
 */
class HotPathAllocationTest
{
    /** 100 events per second of event time: a 5-minute window every 30000 events, 20 windows in all. */
    private static final int EVENTS = 600_000;

    @ParameterizedTest
    @EnumSource(value = ExecutionMode.class, names = { "MICRO_BATCH", "STREAMING" })
    void shouldAllocateNothingPerEventInSteadyState(final ExecutionMode mode)
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot allocation counters");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;

        final InMemoryLog log = new InMemoryLog();
        final OrderEventCodec codec = new OrderEventCodec();
        final OrdersGenerator generator = new OrdersGenerator(
            new OrdersWorkload(42, EVENTS, OrdersWorkload.DEFAULT_START_MILLIS, 100, 5000, 0, 0, 1000, 8, 100000));
        final OrderEvent event = new OrderEvent();
        while (generator.hasNext())
        {
            log.append(codec, generator.next(event));
        }
        final long[] results = { 0 };
        final ResultSink counting = (WindowResult result) -> results[0] += result.longValue(0);
        // (the final assertion after run-to-end checks that every event reached a result)
        final Pipeline pipeline = Orders5m.define(log.all(), 5000).sink(counting).build();
        final ExecutionConfig config = mode == ExecutionMode.MICRO_BATCH ?
            ExecutionConfig.microBatch().maxRecordsPerBatch(1000) : ExecutionConfig.streaming().pollLimit(1000);

        try (Job job = pipeline.newJob(config))
        {
            // warm up: the first windows grow the slot columns, distinct sets and key maps to working size;
            // each duty cycle takes exactly 1000 records while records remain
            int cycles = 0;
            while (cycles < EVENTS / 2000)
            {
                cycles += job.doWork() > 0 ? 1 : 0;
            }
            final long threadId = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(threadId);
            final int measuredCycles = EVENTS / 2000 - 10;
            int processed = 0;
            for (int i = 0; i < measuredCycles; i++)
            {
                processed += job.doWork();
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            final double bytesPerEvent = (double)allocated / processed;
            assertTrue(processed == measuredCycles * 1000, "processed " + processed);
            // measured ~0.001 B/event (a few hundred bytes per window fire); 0.65 when distinct sets still grew
            assertTrue(bytesPerEvent < 0.1, mode + ": " + bytesPerEvent + " B/event (" + allocated + " B for " +
                processed + " events)");
        }
        assertTrue(results[0] > EVENTS / 2, "results counted " + results[0]);
    }
}
