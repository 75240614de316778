package dev.sluice.bench.core;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Locale;

/**
 * The figures beside {@link QuantileSketchBenchmark} that JMH does not give, for each kind of {@link QuantileSlots}
 * on the orders amounts ({@link OrdersAmounts}):
 * <ul>
 *   <li>accuracy: the relative error {@code |estimate - exact| / exact} of p50 and p99 in the first window, per
 *   slot (mean and max over the 8000 slots of about 37 values) and over the whole window in one sketch, each against the exact
 *   value of the rank that kind promises ({@link QuantileSlots#exactIndex});</li>
 *   <li>retained memory: the heap in use after a full GC while the sketches live, less what is in use after a
 *   full GC once they are dropped, divided by the slots; after one window and after {@code windows} windows of
 *   reset, add and read p50/p99 on the same pooled sketches, since a pooled sketch keeps what its largest window
 *   grew it to.</li>
 * </ul>
 * Run it alone in its JVM ({@code java -jar sluice-bench.jar quantiles}): the heap figures assume nothing else
 * allocates. Not thread-safe: runs on the calling thread.
 */
public final class QuantileSketchFigures
{
    /** Windows generated; the memory runs cycle through them. */
    private static final int GENERATED_WINDOWS = 8;

    private final int windows;
    private final PrintStream out;

    /**
     * @param windows windows each memory run lasts, at least 1.
     * @param out     where the report lines go.
     */
    public QuantileSketchFigures(final int windows, final PrintStream out)
    {
        if (windows < 1)
        {
            throw new IllegalArgumentException("windows " + windows + " must be >= 1; give e.g. 20");
        }
        this.windows = windows;
        this.out = out;
    }

    public void run()
    {
        final OrdersAmounts input = OrdersAmounts.generate(GENERATED_WINDOWS);
        out.printf(Locale.ROOT, "# quantile sketches on the orders amounts: %d slots, %d orders per window, " +
            "relative accuracy %s, %s %s%n", OrdersAmounts.SLOTS, OrdersAmounts.EVENTS_PER_WINDOW,
            QuantileSlots.RELATIVE_ACCURACY, System.getProperty("java.vm.name"), System.getProperty("java.version"));
        for (final String kind : QuantileSlots.KINDS)
        {
            accuracyPerSlot(kind, input);
            accuracyOfWindow(kind, input);
        }
        for (final String kind : QuantileSlots.KINDS)
        {
            // once unreported: the first use of a kind also leaves behind what the JVM sets up for its code
            retainedPerSlot(kind, input, 1);
        }
        for (final String kind : QuantileSlots.KINDS)
        {
            retainedPerSlot(kind, input);
        }
    }

    private void accuracyPerSlot(final String kind, final OrdersAmounts input)
    {
        final int[] slots = input.slots();
        final long[] amounts = input.amounts();
        final int events = OrdersAmounts.EVENTS_PER_WINDOW;
        // the window's amounts grouped by slot and sorted: slot s holds sorted[start[s]..start[s + 1])
        final int[] start = new int[OrdersAmounts.SLOTS + 1];
        for (int i = 0; i < events; i++)
        {
            start[slots[i] + 1]++;
        }
        for (int s = 0; s < OrdersAmounts.SLOTS; s++)
        {
            start[s + 1] += start[s];
        }
        final long[] sorted = new long[events];
        final int[] next = Arrays.copyOf(start, OrdersAmounts.SLOTS);
        final QuantileSlots sketches = QuantileSlots.create(kind, OrdersAmounts.SLOTS);
        for (int i = 0; i < events; i++)
        {
            sorted[next[slots[i]]++] = amounts[i];
            sketches.add(slots[i], amounts[i]);
        }
        for (int output = 0; output < QuantileSlots.QUANTILES.length; output++)
        {
            double sum = 0;
            double max = 0;
            int overBound = 0;
            int measured = 0;
            for (int s = 0; s < OrdersAmounts.SLOTS; s++)
            {
                final int count = start[s + 1] - start[s];
                if (count == 0)
                {
                    continue;
                }
                Arrays.sort(sorted, start[s], start[s + 1]);
                final long exact = sorted[start[s] + sketches.exactIndex(output, count)];
                final double error = Math.abs(sketches.quantile(s, output) - exact) / exact;
                sum += error;
                max = Math.max(max, error);
                overBound += error > QuantileSlots.RELATIVE_ACCURACY * (1 + 1e-9) ? 1 : 0;
                measured++;
            }
            out.printf(Locale.ROOT, "accuracy kind=%s scope=slot quantile=%s slots=%d mean-rel-err=%.5f " +
                "max-rel-err=%.5f over-bound=%d%n", kind, name(output), measured, sum / measured, max, overBound);
        }
    }

    private void accuracyOfWindow(final String kind, final OrdersAmounts input)
    {
        final int events = OrdersAmounts.EVENTS_PER_WINDOW;
        final long[] sorted = Arrays.copyOf(input.amounts(), events);
        Arrays.sort(sorted);
        final QuantileSlots sketch = QuantileSlots.create(kind, 1);
        for (int i = 0; i < events; i++)
        {
            sketch.add(0, input.amounts()[i]);
        }
        for (int output = 0; output < QuantileSlots.QUANTILES.length; output++)
        {
            final long exact = sorted[sketch.exactIndex(output, events)];
            final double estimate = sketch.quantile(0, output);
            out.printf(Locale.ROOT, "accuracy kind=%s scope=window quantile=%s values=%d exact=%d estimate=%.1f " +
                "rel-err=%.5f%n", kind, name(output), events, exact, estimate, Math.abs(estimate - exact) / exact);
        }
    }

    private void retainedPerSlot(final String kind, final OrdersAmounts input)
    {
        out.printf(Locale.ROOT, "memory kind=%s slots=%d bytes-per-slot-after-1-window=%d " +
            "bytes-per-slot-after-%d-windows=%d%n", kind, OrdersAmounts.SLOTS, retainedPerSlot(kind, input, 1),
            windows, retainedPerSlot(kind, input, windows));
    }

    /**
     * @return the heap the sketches keep, per slot: in use while they live less in use once they are dropped,
     * each after a full GC (a difference with a baseline taken before building them would also count what the
     * JVM allocates for itself meanwhile, class and lambda set-up on first use).
     */
    private static long retainedPerSlot(final String kind, final OrdersAmounts input, final int windows)
    {
        QuantileSlots sketches = QuantileSlots.create(kind, OrdersAmounts.SLOTS);
        for (int w = 0; w < windows; w++)
        {
            final int window = w % input.windows();
            sketches.fillWindow(input, window);
            readAll(sketches, window);
        }
        final long alive = usedHeapAfterGc();
        Reference.reachabilityFence(sketches);
        sketches = null;
        return (alive - usedHeapAfterGc()) / OrdersAmounts.SLOTS;
    }

    /**
     * Read every output of every slot, as a window does when it fires.
     */
    private static void readAll(final QuantileSlots sketches, final int window)
    {
        for (int s = 0; s < OrdersAmounts.SLOTS; s++)
        {
            for (int output = 0; output < QuantileSlots.QUANTILES.length; output++)
            {
                if (Double.isNaN(sketches.quantile(s, output)))
                {
                    throw new IllegalStateException("slot " + s + " of window " + window + " read as empty");
                }
            }
        }
    }

    private static String name(final int output)
    {
        return "p" + Math.round(QuantileSlots.QUANTILES[output] * 100);
    }

    private static long usedHeapAfterGc()
    {
        // a few collections: the first may leave garbage that finalizable or reference objects kept
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
