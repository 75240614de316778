package dev.sluice.core.sink;

import dev.sluice.core.function.KeyType;
import dev.sluice.core.function.Keys;

import java.util.List;

/**
 * How a sink writes the key of a result: a primitive key as one long column or unpacked into the two int columns
 * of a {@link Keys#pack(int, int) packed} composite key; a key of the user's own type as one column of its
 * {@link KeyType} text. Immutable.
 */
public final class KeyFormat
{
    private final List<String> names;
    private final KeyType<?> keyType;

    private KeyFormat(final List<String> names, final KeyType<?> keyType)
    {
        this.names = names;
        this.keyType = keyType;
    }

    /**
     * @param name column name of the key.
     * @return the key as one long column.
     */
    public static KeyFormat single(final String name)
    {
        return new KeyFormat(List.of(name), null);
    }

    /**
     * @param highName column name of the first packed component.
     * @param lowName  column name of the second packed component.
     * @return the key as two int columns.
     */
    public static KeyFormat packed(final String highName, final String lowName)
    {
        return new KeyFormat(List.of(highName, lowName), null);
    }

    /**
     * @param type the key type of a pipeline keyed by its own values.
     * @return the key as one text column named by the type.
     */
    public static KeyFormat of(final KeyType<?> type)
    {
        return new KeyFormat(List.of(type.name()), type);
    }

    /**
     * @return the key type when results carry the user's keys ({@code ResultRow.keyValue()}); null for a
     * primitive key.
     */
    public KeyType<?> keyType()
    {
        return keyType;
    }

    /**
     * @param key a key of this format's type (the user's key for a {@link #keyType()}, else a Long).
     * @return its id in results: the key type's id, or the long itself.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public long idOf(final Object key)
    {
        return null == keyType ? (Long)key : ((KeyType)keyType).idOf(key);
    }

    /**
     * @param key a user's key of this format's {@link #keyType()}.
     * @return its text.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public String format(final Object key)
    {
        return ((KeyType)keyType).format(key);
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
