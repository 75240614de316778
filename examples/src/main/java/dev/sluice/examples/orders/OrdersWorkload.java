package dev.sluice.examples.orders;

/**
 * The parameters of the orders workload, defaults as in examples/workloads/orders.md. Immutable; {@code with*}
 * return a copy.
 *
 * @param seed               PRNG seed.
 * @param count              number of events.
 * @param startMillis        event time of the first nominal slot.
 * @param eventsPerSecond    nominal slots per second of event time.
 * @param maxDelayMillis     largest out-of-order delay of an on-time event (also the watermark bound).
 * @param lateEvery          when &gt; 0, every lateEvery-th event is additionally delayed.
 * @param lateDelayMillis    extra delay of a late event.
 * @param products           product ids are 0..products-1.
 * @param regions            region ids are 0..regions-1.
 * @param customers          customer ids are 0..customers-1.
 */
public record OrdersWorkload(
    long seed,
    long count,
    long startMillis,
    long eventsPerSecond,
    long maxDelayMillis,
    long lateEvery,
    long lateDelayMillis,
    long products,
    long regions,
    long customers)
{
    public static final long DEFAULT_SEED = 42;
    public static final long DEFAULT_COUNT = 1_000_000;
    public static final long DEFAULT_START_MILLIS = 1767225600000L;
    public static final long DEFAULT_EVENTS_PER_SECOND = 1000;
    public static final long DEFAULT_MAX_DELAY_MILLIS = 5000;
    public static final long DEFAULT_LATE_EVERY = 0;
    public static final long DEFAULT_LATE_DELAY_MILLIS = 60000;
    public static final long DEFAULT_PRODUCTS = 1000;
    public static final long DEFAULT_REGIONS = 8;
    public static final long DEFAULT_CUSTOMERS = 100000;

    /** Window size of the orders-5m query. */
    public static final long WINDOW_MILLIS = 300_000;

    /**
     * Checks the parameters; messages name the value and the valid range.
     */
    public OrdersWorkload
    {
        requireAtLeast("count", count, 0);
        requireAtLeast("eventsPerSecond", eventsPerSecond, 1);
        requireAtLeast("maxDelayMillis", maxDelayMillis, 0);
        requireAtLeast("lateEvery", lateEvery, 0);
        requireAtLeast("lateDelayMillis", lateDelayMillis, 0);
        requireAtLeast("products", products, 1);
        requireAtLeast("regions", regions, 1);
        requireAtLeast("customers", customers, 1);
        if (products > Integer.MAX_VALUE || regions > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("products=" + products + ", regions=" + regions +
                ": each must fit in an int, the key packs them into one long");
        }
    }

    private static void requireAtLeast(final String name, final long value, final long min)
    {
        if (value < min)
        {
            throw new IllegalArgumentException(name + " " + value + " is less than " + min + ": give a " + name +
                " of at least " + min + " (the workload's default is in examples/workloads/orders.md and --help)");
        }
    }

    /**
     * @return the workload with every default.
     */
    public static OrdersWorkload defaults()
    {
        return new OrdersWorkload(DEFAULT_SEED, DEFAULT_COUNT, DEFAULT_START_MILLIS, DEFAULT_EVENTS_PER_SECOND,
            DEFAULT_MAX_DELAY_MILLIS, DEFAULT_LATE_EVERY, DEFAULT_LATE_DELAY_MILLIS, DEFAULT_PRODUCTS,
            DEFAULT_REGIONS, DEFAULT_CUSTOMERS);
    }

    public OrdersWorkload withSeed(final long seed)
    {
        return new OrdersWorkload(seed, count, startMillis, eventsPerSecond, maxDelayMillis, lateEvery,
            lateDelayMillis, products, regions, customers);
    }

    public OrdersWorkload withCount(final long count)
    {
        return new OrdersWorkload(seed, count, startMillis, eventsPerSecond, maxDelayMillis, lateEvery,
            lateDelayMillis, products, regions, customers);
    }

    public OrdersWorkload withLateEvery(final long lateEvery)
    {
        return new OrdersWorkload(seed, count, startMillis, eventsPerSecond, maxDelayMillis, lateEvery,
            lateDelayMillis, products, regions, customers);
    }

    public OrdersWorkload withKeys(final long products, final long regions, final long customers)
    {
        return new OrdersWorkload(seed, count, startMillis, eventsPerSecond, maxDelayMillis, lateEvery,
            lateDelayMillis, products, regions, customers);
    }

    public OrdersWorkload withMaxDelayMillis(final long maxDelayMillis)
    {
        return new OrdersWorkload(seed, count, startMillis, eventsPerSecond, maxDelayMillis, lateEvery,
            lateDelayMillis, products, regions, customers);
    }
}
