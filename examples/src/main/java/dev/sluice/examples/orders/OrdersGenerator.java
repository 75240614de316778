package dev.sluice.examples.orders;

/**
 * The deterministic order stream of examples/workloads/orders.md: event {@code i} from six SplitMix64 draws in the
 * page's order. Fills a caller's reused {@link OrderEvent}: no allocation per event. Not thread-safe.
 */
public final class OrdersGenerator
{
    private final OrdersWorkload workload;
    private final SplitMix64 random;
    private long index;

    public OrdersGenerator(final OrdersWorkload workload)
    {
        this.workload = workload;
        this.random = new SplitMix64(workload.seed());
    }

    /**
     * @return true while events remain.
     */
    public boolean hasNext()
    {
        return index < workload.count();
    }

    /**
     * @param into the event to fill.
     * @return {@code into}, now event {@code index}.
     */
    public OrderEvent next(final OrderEvent into)
    {
        if (index >= workload.count())
        {
            throw new IllegalStateException("all " + workload.count() + " events generated; check hasNext()");
        }
        final OrdersWorkload w = workload;
        final long i = index++;
        final int productId = (int)random.nextMod(w.products());
        final int region = (int)random.nextMod(w.regions());
        final long customerId = random.nextMod(w.customers());
        final long amountCents = 100 + random.nextMod(2_000_000);
        final long jitter = random.nextMod(w.maxDelayMillis() + 1);
        // floor(i * 1000 / eventsPerSecond) for non-negative i: integer division is the floor
        // floor(i * 1000 / eventsPerSecond): i is non-negative, so integer division is the floor
        final long nominal = w.startMillis() + (i <= Long.MAX_VALUE / 1000 ?
            i * 1000 / w.eventsPerSecond() : floorScaled(i, w.eventsPerSecond()));
        long eventTime = nominal - jitter;
        if (w.lateEvery() > 0 && i % w.lateEvery() == w.lateEvery() - 1)
        {
            eventTime -= w.lateDelayMillis();
        }
        return into.set(i, eventTime, productId, region, customerId, amountCents);
    }

    private static long floorScaled(final long i, final long eventsPerSecond)
    {
        return java.math.BigInteger.valueOf(i).multiply(java.math.BigInteger.valueOf(1000))
            .divide(java.math.BigInteger.valueOf(eventsPerSecond)).longValueExact();
    }

    /**
     * @return the index of the next event.
     */
    public long index()
    {
        return index;
    }

    public OrdersWorkload workload()
    {
        return workload;
    }
}
