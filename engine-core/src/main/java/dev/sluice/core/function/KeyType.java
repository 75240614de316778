package dev.sluice.core.function;

import java.util.Objects;
import java.util.function.Function;

/**
 * How a pipeline keyed by a value of its own type ({@code String}, a record, a composite) writes and reads its keys:
 * a text form that sinks write, checkpoints keep and {@link #parse} reads back, and the stable 64-bit id every
 * runner, checkpoint and view derives from that text ({@link #idOf}). Immutable and thread-safe.
 * <pre>
 *   event --key function--> K --(first sight: format, hash)--> id (long) --> window state, results
 *                             \-- equals/hashCode on every later event, no text made
 * </pre>
 * The key type must have {@code equals} and {@code hashCode} (records and strings do), and its text form must tell
 * keys apart: {@code format(a).equals(format(b))} only when {@code a.equals(b)}, and
 * {@code parse(format(k)).equals(k)}. Two keys whose texts hash to the same 64-bit id fail the job naming both,
 * never merge (for n distinct keys the chance is about n^2 / 2^65: three in a million at ten million keys).
 *
 * @param <K> the key type.
 */
public final class KeyType<K>
{
    private static final KeyType<String> STRINGS = new KeyType<>("key", s -> s, s -> s);

    private final String name;
    private final Function<K, String> format;
    private final Function<String, K> parse;

    private KeyType(final String name, final Function<K, String> format, final Function<String, K> parse)
    {
        if (null == name || name.isEmpty())
        {
            throw new IllegalArgumentException("a key column needs a non-empty name");
        }
        this.name = name;
        this.format = Objects.requireNonNull(format, "format");
        this.parse = Objects.requireNonNull(parse, "parse");
    }

    /**
     * @return string keys, written as they are.
     */
    public static KeyType<String> strings()
    {
        return STRINGS;
    }

    /**
     * @param format the text of a key (must tell keys apart), e.g. {@code k -> k.product() + "/" + k.region()}.
     * @param parse  the key of a text {@code format} made.
     * @param <K>    the key type.
     * @return keys of any type with {@code equals} and {@code hashCode}.
     */
    public static <K> KeyType<K> of(final Function<K, String> format, final Function<String, K> parse)
    {
        return new KeyType<>("key", format, parse);
    }

    /**
     * @param name the key's column name in file sinks.
     * @return this key type under that column name.
     */
    public KeyType<K> named(final String name)
    {
        return new KeyType<>(name, format, parse);
    }

    /**
     * @return the key's column name in file sinks.
     */
    public String name()
    {
        return name;
    }

    /**
     * @param key a key.
     * @return its text form.
     */
    public String format(final K key)
    {
        return format.apply(key);
    }

    /**
     * @param text what {@link #format} made.
     * @return the key.
     */
    public K parse(final String text)
    {
        return parse.apply(text);
    }

    /**
     * @param key a key.
     * @return its 64-bit id: a hash of its text, the same in every JVM and release (FNV-1a over the UTF-16 chars,
     * then MurmurHash3's 64-bit finalizer to spread the bits).
     */
    public long idOf(final K key)
    {
        final String text = format(key);
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++)
        {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }

    public String toString()
    {
        return "KeyType{" + name + '}';
    }
}
