package dev.sluice.bench.jet;

import dev.sluice.examples.orders.OrderEvent;
import org.agrona.collections.LongHashSet;

/**
 * Jet's accumulator of one (window, key) of orders-5m: count, sum, min and max of amount_cents and the exact set of
 * distinct customer ids, the statistics Sluice's {@code longStats} and {@code distinctCount} keep. Jet has counting,
 * summing and min/max operations of its own, but each would be a separate accumulator per key and it has no exact
 * distinct count over a long, so one fused accumulator is the fair peer. Not thread-safe: Jet gives each accumulator
 * to one processor at a time.
 */
public final class OrdersAccumulator
{
    private long orders;
    private long revenueCents;
    private long minCents = Long.MAX_VALUE;
    private long maxCents = Long.MIN_VALUE;
    // a primitive set, no boxed Long per customer: what Sluice's distinct count keeps too
    private final LongHashSet customers = new LongHashSet();

    /**
     * @param order an order of this window and key.
     */
    public void add(final OrderEvent order)
    {
        final long cents = order.amountCents();
        orders++;
        revenueCents += cents;
        minCents = Math.min(minCents, cents);
        maxCents = Math.max(maxCents, cents);
        customers.add(order.customerId());
    }

    /**
     * @param other the accumulator of the same window and key from another processor (Jet's two-stage aggregation).
     */
    public void combine(final OrdersAccumulator other)
    {
        orders += other.orders;
        revenueCents += other.revenueCents;
        minCents = Math.min(minCents, other.minCents);
        maxCents = Math.max(maxCents, other.maxCents);
        customers.addAll(other.customers);
    }

    /**
     * @return orders, revenue_cents, min_cents, max_cents, customers: the order of orders-5m's result schema.
     */
    public long[] values()
    {
        return new long[]{orders, revenueCents, minCents, maxCents, customers.size()};
    }
}
