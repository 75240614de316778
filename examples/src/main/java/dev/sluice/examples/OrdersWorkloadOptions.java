package dev.sluice.examples;

import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.examples.orders.OrdersRunDirectory;
import picocli.CommandLine.Option;

/**
 * The orders workload's parameters as command-line options (examples/workloads/orders.md), shared by every command
 * that generates it: {@code sluice orders} and {@code sluice flink orders}.
 */
public final class OrdersWorkloadOptions
{
    @Option(names = "--seed", defaultValue = "" + OrdersWorkload.DEFAULT_SEED,
        description = "PRNG seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", paramLabel = "N", defaultValue = "" + OrdersWorkload.DEFAULT_COUNT,
        description = "Number of events (default: ${DEFAULT-VALUE}). 'sluice orders' refuses a run whose log would " +
            "not fit in the free space of its directory (" + OrdersRunDirectory.FRAME_BYTES + " bytes an event, in 64 MiB segments) is " +
            "refused before it writes.")
    long count;

    @Option(names = "--start-millis", defaultValue = "" + OrdersWorkload.DEFAULT_START_MILLIS,
        description = "Event time of the first nominal slot, ms since the epoch (default: ${DEFAULT-VALUE}).")
    long startMillis;

    @Option(names = "--events-per-second", defaultValue = "" + OrdersWorkload.DEFAULT_EVENTS_PER_SECOND,
        description = "Nominal slots per second of event time (default: ${DEFAULT-VALUE}).")
    long eventsPerSecond;

    @Option(names = "--max-delay-millis", defaultValue = "" + OrdersWorkload.DEFAULT_MAX_DELAY_MILLIS,
        description = "Largest out-of-order delay of an on-time event; also the watermark bound " +
            "(default: ${DEFAULT-VALUE}).")
    long maxDelayMillis;

    @Option(names = "--late-every", paramLabel = "K", defaultValue = "" + OrdersWorkload.DEFAULT_LATE_EVERY,
        description = "When > 0, every K-th event is delayed by --late-delay-millis more (default: ${DEFAULT-VALUE}).")
    long lateEvery;

    @Option(names = "--late-delay-millis", defaultValue = "" + OrdersWorkload.DEFAULT_LATE_DELAY_MILLIS,
        description = "Extra delay of a late event (default: ${DEFAULT-VALUE}).")
    long lateDelayMillis;

    @Option(names = "--products", defaultValue = "" + OrdersWorkload.DEFAULT_PRODUCTS,
        description = "Product ids are 0..products-1 (default: ${DEFAULT-VALUE}).")
    long products;

    @Option(names = "--regions", defaultValue = "" + OrdersWorkload.DEFAULT_REGIONS,
        description = "Region ids are 0..regions-1 (default: ${DEFAULT-VALUE}).")
    long regions;

    @Option(names = "--customers", defaultValue = "" + OrdersWorkload.DEFAULT_CUSTOMERS,
        description = "Customer ids are 0..customers-1 (default: ${DEFAULT-VALUE}).")
    long customers;

    /**
     * @return the workload the options give.
     * @throws IllegalArgumentException naming a parameter out of range.
     */
    public OrdersWorkload workload()
    {
        return new OrdersWorkload(seed, count, startMillis, eventsPerSecond, maxDelayMillis, lateEvery,
            lateDelayMillis, products, regions, customers);
    }
}
