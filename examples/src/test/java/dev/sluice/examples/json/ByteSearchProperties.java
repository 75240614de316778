package dev.sluice.examples.json;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The word-at-a-time byte search and comparison answer as a plain loop over the bytes does.
 */
class ByteSearchProperties
{
    @Property(tries = 500)
    void shouldFindTheFirstOfAByteAsAPlainLoopDoes(
        @ForAll @Size(max = 40) final List<@IntRange(min = 0, max = 255) Integer> bytes,
        @ForAll @IntRange(min = 0, max = 40) final int from, @ForAll @IntRange(min = 0, max = 40) final int pick)
    {
        final byte[] buffer = new byte[bytes.size()];
        for (int i = 0; i < buffer.length; i++)
        {
            buffer[i] = (byte)(int)bytes.get(i);
        }
        // a byte of the buffer (so often found, and often more than once), or a newline
        final byte target = pick < buffer.length ? buffer[pick] : (byte)'\n';
        final int start = Math.min(from, buffer.length);
        int expected = -1;
        for (int i = start; i < buffer.length; i++)
        {
            if (buffer[i] == target)
            {
                expected = i;
                break;
            }
        }
        assertEquals(expected, ByteSearch.indexOf(buffer, start, buffer.length, target));
    }

    @Property(tries = 2000)
    void shouldMatchAPatternAsAnArrayComparisonDoes(
        @ForAll @Size(min = 1, max = 40) final List<@IntRange(min = 0, max = 3) Integer> bytes,
        @ForAll @IntRange(min = 0, max = 40) final int patternFrom,
        @ForAll @IntRange(min = 1, max = 16) final int length,
        @ForAll @IntRange(min = 0, max = 40) final int at)
    {
        // few distinct bytes, so that a pattern taken from the array often matches elsewhere in it too
        final byte[] buffer = new byte[bytes.size()];
        for (int i = 0; i < buffer.length; i++)
        {
            buffer[i] = (byte)('a' + bytes.get(i));
        }
        final int from = Math.min(patternFrom, buffer.length - 1);
        final byte[] pattern = Arrays.copyOfRange(buffer, from, Math.min(buffer.length, from + length));
        final boolean room = at + Math.max(Long.BYTES, pattern.length) <= buffer.length;
        final boolean expected = room &&
            Arrays.equals(pattern, 0, pattern.length, buffer, at, at + pattern.length);

        assertEquals(expected, new BytePattern(pattern).matches(buffer, at, buffer.length));
    }
}
