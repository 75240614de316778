package dev.sluice.core.sink;

import dev.sluice.core.function.Keys;

import java.util.List;

/**
 * How a sink writes the primitive key of a result: as one long column, or unpacked into the two int columns of a
 * {@link Keys#pack(int, int) packed} composite key. Immutable.
 */
public final class KeyFormat
{
    private final List<String> names;

    private KeyFormat(final List<String> names)
    {
        this.names = names;
    }

    /**
     * @param name column name of the key.
     * @return the key as one long column.
     */
    public static KeyFormat single(final String name)
    {
        return new KeyFormat(List.of(name));
    }

    /**
     * @param highName column name of the first packed component.
     * @param lowName  column name of the second packed component.
     * @return the key as two int columns.
     */
    public static KeyFormat packed(final String highName, final String lowName)
    {
        return new KeyFormat(List.of(highName, lowName));
    }

    public List<String> names()
    {
        return names;
    }

    /**
     * @param key       the key.
     * @param component 0 .. names().size()-1.
     * @return that component.
     */
    public long component(final long key, final int component)
    {
        if (names.size() == 1)
        {
            return key;
        }
        return component == 0 ? Keys.high(key) : Keys.low(key);
    }
}
