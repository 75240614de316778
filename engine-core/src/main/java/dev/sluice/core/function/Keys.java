package dev.sluice.core.function;

/**
 * Composite keys packed into one {@code long}, so keyed state needs no key objects: two ints as
 * {@code high << 32 | low}. Unpacking gives back the ints exactly, negative values included.
 */
public final class Keys
{
    private Keys()
    {
    }

    /**
     * @param high the first key component (sorts first).
     * @param low  the second key component.
     * @return both packed into one long.
     */
    public static long pack(final int high, final int low)
    {
        return ((long)high << 32) | (low & 0xFFFF_FFFFL);
    }

    /**
     * @param key a packed key.
     * @return its first component.
     */
    public static int high(final long key)
    {
        return (int)(key >> 32);
    }

    /**
     * @param key a packed key.
     * @return its second component.
     */
    public static int low(final long key)
    {
        return (int)key;
    }
}
