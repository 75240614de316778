package dev.sluice.bench.core;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * engine-core's quantile column against an array of Datadog's DDSketch (sketches-java 0.8.3), one sketch per
 * (window, key) slot, on the orders workload's amounts ({@link OrdersAmounts}: 8000 slots, about 37 values each
 * per window, relative accuracy 1%), in ops/s:
 * <ul>
 *   <li>{@link #add}: one op is one event. An invocation is one tumbling window in steady state: reset the 8000
 *   slots (pooled sketches, cleared) and add the window's 300,000 amounts to their random slots; windows cycle
 *   through {@link #WINDOWS} generated ones, so sketches keep what earlier windows grew them to.</li>
 *   <li>{@link #merge}: one op is one slot merged into another; an invocation resets the 8000 slots of a target
 *   and merges two windows' sketches into each.</li>
 *   <li>{@link #readP50P99}: one op is reading p50 and p99 of one slot of a filled window.</li>
 * </ul>
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is bytes per op. Accuracy and retained bytes per slot
 * are {@link QuantileSketchFigures}'s.
 */
@State(Scope.Thread)
public class QuantileSketchBenchmark extends CoreBenchmarkDefaults
{
    /** Windows of orders generated; {@link #add} cycles through them. */
    static final int WINDOWS = 4;

    @Param({ QuantileSlots.SLUICE, QuantileSlots.DDSKETCH_LOG, QuantileSlots.DDSKETCH_CUBIC })
    public String kind;

    private OrdersAmounts input;
    private int window;
    private QuantileSlots sketches;
    private QuantileSlots left;
    private QuantileSlots right;
    private QuantileSlots merged;

    @Setup(Level.Trial)
    public void build()
    {
        input = OrdersAmounts.generate(WINDOWS);
        sketches = QuantileSlots.create(kind, OrdersAmounts.SLOTS);
        left = QuantileSlots.create(kind, OrdersAmounts.SLOTS);
        left.fillWindow(input, 0);
        right = QuantileSlots.create(kind, OrdersAmounts.SLOTS);
        right.fillWindow(input, 1);
        merged = QuantileSlots.create(kind, OrdersAmounts.SLOTS);
    }

    @Benchmark
    @OperationsPerInvocation(OrdersAmounts.EVENTS_PER_WINDOW)
    public void add()
    {
        sketches.fillWindow(input, window);
        window = window + 1 == WINDOWS ? 0 : window + 1;
    }

    @Benchmark
    @OperationsPerInvocation(2 * OrdersAmounts.SLOTS)
    public void merge()
    {
        final QuantileSlots merged = this.merged;
        for (int slot = 0; slot < OrdersAmounts.SLOTS; slot++)
        {
            merged.reset(slot);
            merged.merge(slot, left, slot);
            merged.merge(slot, right, slot);
        }
    }

    @Benchmark
    @OperationsPerInvocation(OrdersAmounts.SLOTS)
    public double readP50P99()
    {
        final QuantileSlots left = this.left;
        double sum = 0;
        for (int slot = 0; slot < OrdersAmounts.SLOTS; slot++)
        {
            sum += left.quantile(slot, 0) + left.quantile(slot, 1);
        }
        return sum;
    }
}
