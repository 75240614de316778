package dev.sluice.bench.core;

import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersWorkload;

/**
 * What a quantile aggregation over the orders workload's amounts sees: windows of {@link #EVENTS_PER_WINDOW}
 * orders (one 5-minute window at 1000 orders/s), each order's amount in cents (100..2,000,099, uniform) going to
 * the slot of its (product, region) key, {@code product * regions + region}: {@link #SLOTS} slots, about 37
 * values each per window, in the order the generator makes them (random slots). Generated once, read-only.
 */
final class OrdersAmounts
{
    /** Orders in one tumbling 5-minute window at the workload's default 1000 orders per second. */
    static final int EVENTS_PER_WINDOW = 300_000;
    /** (product, region) keys of the default workload: the slots of one window. */
    static final int SLOTS = (int)(OrdersWorkload.DEFAULT_PRODUCTS * OrdersWorkload.DEFAULT_REGIONS);

    private final int windows;
    private final int[] slots;
    private final long[] amounts;

    private OrdersAmounts(final int windows, final int[] slots, final long[] amounts)
    {
        this.windows = windows;
        this.slots = slots;
        this.amounts = amounts;
    }

    /**
     * @param windows windows of orders to generate, from the workload's default seed.
     * @return the orders' slots and amounts.
     */
    static OrdersAmounts generate(final int windows)
    {
        final int events = Math.multiplyExact(windows, EVENTS_PER_WINDOW);
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(events);
        final OrdersGenerator generator = new OrdersGenerator(workload);
        final OrderEvent order = new OrderEvent();
        final int[] slots = new int[events];
        final long[] amounts = new long[events];
        for (int i = 0; i < events; i++)
        {
            generator.next(order);
            slots[i] = (int)(order.productId() * workload.regions() + order.region());
            amounts[i] = order.amountCents();
        }
        return new OrdersAmounts(windows, slots, amounts);
    }

    int windows()
    {
        return windows;
    }

    /**
     * @return the slot of every order, window after window; do not modify.
     */
    int[] slots()
    {
        return slots;
    }

    /**
     * @return the amount of every order in cents, window after window; do not modify.
     */
    long[] amounts()
    {
        return amounts;
    }
}
