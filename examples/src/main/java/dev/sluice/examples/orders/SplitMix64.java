package dev.sluice.examples.orders;

/**
 * The SplitMix64 generator of examples/workloads/orders.md: unsigned 64-bit arithmetic wrapping modulo 2^64 (Java's
 * long arithmetic wraps the same way; only the shifts must be unsigned, {@code >>>}). Not thread-safe.
 */
final class SplitMix64
{
    private long state;

    /**
     * @param seed initial state.
     */
    public SplitMix64(final long seed)
    {
        this.state = seed;
    }

    /**
     * @return the next 64 random bits.
     */
    public long next()
    {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param modulus m &gt; 0.
     * @return {@code next() mod m}, the unsigned remainder.
     */
    public long nextMod(final long modulus)
    {
        return Long.remainderUnsigned(next(), modulus);
    }
}
