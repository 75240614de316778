package dev.sluice.bench.core;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.Job;
import dev.sluice.core.Pipeline;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Invariant 4 of DESIGN.md shown: orders-5m in STREAMING (watermark after every event) over a generated stream of
 * any length keeps the live heap flat, because state holds only the open windows. Every {@code reportEvery} events
 * it forces a full GC and prints the heap in use after it (the live set), the old generation's use, the open
 * windows and slots; run it with a small heap and the GC log to see the same from the collector's side:
 *
 * <pre>
 *   java -Xmx128m -Xlog:gc -jar engine-bench/target/sluice-bench.jar heap --events 100000000
 * </pre>
 *
 * The stream is generated on the fly ({@link GeneratedOrdersSource}): no log on disk, constant input memory.
 * Not thread-safe: runs on the calling thread.
 */
public final class HeapFlatness
{
    private final long events;
    private final long reportEvery;
    private final PrintStream out;

    /**
     * @param events      events to stream.
     * @param reportEvery events between heap reports.
     * @param out         where the report lines go.
     */
    public HeapFlatness(final long events, final long reportEvery, final PrintStream out)
    {
        this.events = events;
        this.reportEvery = reportEvery;
        this.out = out;
    }

    /**
     * @return the largest live heap after a forced GC over all reports, bytes.
     */
    public long run()
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(events);
        final long[] orders = { 0 };
        final ResultSink sink = (WindowResult result) -> orders[0] += result.longValue(0);
        final Pipeline pipeline = Orders5m.define(new GeneratedOrdersSource(workload), workload.maxDelayMillis())
            .sink(sink)
            .build();
        out.printf(Locale.ROOT, "# orders-5m STREAMING over %d generated events, max heap %d MiB, %s %s%n",
            events, Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"),
            System.getProperty("java.version"));
        long maxLive = 0;
        final long startNs = System.nanoTime();
        try (Job job = pipeline.newJob(ExecutionConfig.streaming().pollLimit(4096)))
        {
            long nextReport = Math.min(reportEvery, events);
            while (!job.isDone())
            {
                job.doWork();
                final long in = job.recordsIn();
                if (in >= nextReport)
                {
                    maxLive = Math.max(maxLive, report(job, in, startNs));
                    nextReport = Math.min(nextReport + reportEvery, events);
                    if (in >= events)
                    {
                        nextReport = Long.MAX_VALUE;
                    }
                }
            }
            job.drain();
        }
        if (orders[0] != events)
        {
            throw new IllegalStateException("results count " + orders[0] + " orders of " + events + " streamed");
        }
        out.printf(Locale.ROOT, "heap-max-live-after-gc bytes=%d mib=%.1f events=%d results-orders=%d%n",
            maxLive, maxLive / 1048576.0, events, orders[0]);
        return maxLive;
    }

    private long report(final Job job, final long in, final long startNs)
    {
        System.gc();
        final long used = usedHeap();
        long old = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old"))
            {
                old += pool.getUsage().getUsed();
            }
        }
        long gcs = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            gcs += Math.max(0, gc.getCollectionCount());
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        out.printf(Locale.ROOT, "heap events=%d live-after-gc-mib=%.1f old-gen-mib=%.1f open-windows=%d " +
            "gc-count=%d elapsed-s=%.1f events-per-s=%.0f%n",
            in, used / 1048576.0, old / 1048576.0, job.report().openWindows(), gcs, seconds, in / seconds);
        return used;
    }

    private static long usedHeap()
    {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
