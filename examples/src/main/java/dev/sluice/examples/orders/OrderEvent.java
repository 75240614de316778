package dev.sluice.examples.orders;

/**
 * One order. A mutable holder: the generator fills a reused instance and the codec decodes into one, so neither
 * allocates per event. Not thread-safe.
 */
public final class OrderEvent
{
    long eventId;
    long eventTimeMillis;
    int productId;
    int region;
    long customerId;
    long amountCents;

    public OrderEvent()
    {
    }

    public OrderEvent(
        final long eventId,
        final long eventTimeMillis,
        final int productId,
        final int region,
        final long customerId,
        final long amountCents)
    {
        set(eventId, eventTimeMillis, productId, region, customerId, amountCents);
    }

    /**
     * @return this, with every field set.
     */
    public OrderEvent set(
        final long eventId,
        final long eventTimeMillis,
        final int productId,
        final int region,
        final long customerId,
        final long amountCents)
    {
        this.eventId = eventId;
        this.eventTimeMillis = eventTimeMillis;
        this.productId = productId;
        this.region = region;
        this.customerId = customerId;
        this.amountCents = amountCents;
        return this;
    }

    public long eventId()
    {
        return eventId;
    }

    public long eventTimeMillis()
    {
        return eventTimeMillis;
    }

    public int productId()
    {
        return productId;
    }

    public int region()
    {
        return region;
    }

    public long customerId()
    {
        return customerId;
    }

    public long amountCents()
    {
        return amountCents;
    }

    /**
     * @return true if the order counts as fraud: amount over 10000.00.
     */
    public boolean isFraud()
    {
        return amountCents > 1_000_000;
    }

    public String toString()
    {
        return "OrderEvent{id=" + eventId + ", time=" + eventTimeMillis + ", product=" + productId + ", region=" +
            region + ", customer=" + customerId + ", cents=" + amountCents + '}';
    }
}
