package dev.sluice.core.checkpoint;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a checkpoint body written by {@link StateOutput}. Every read is checked against the body's
 * end, and every length read is checked before use: a checkpoint that passed its checksum but does not
 * parse (a bug, or a layout mismatch) fails with a {@link CorruptCheckpointException}, never with an
 * out-of-bounds read or a huge allocation. Not thread-safe.
 */
public final class StateInput
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private final Path file;
    private final DirectBuffer buffer;
    private final int limit;
    private int position;

    public StateInput(final Path file, final DirectBuffer buffer, final int offset, final int length)
    {
        this.file = file;
        this.buffer = new UnsafeBuffer(buffer, offset, length);
        this.limit = length;
    }

    public long getLong()
    {
        check(Long.BYTES, "a long");
        final long value = buffer.getLong(position, ORDER);
        position += Long.BYTES;
        return value;
    }

    public int getInt()
    {
        check(Integer.BYTES, "an int");
        final int value = buffer.getInt(position, ORDER);
        position += Integer.BYTES;
        return value;
    }

    public byte getByte()
    {
        check(1, "a byte");
        return buffer.getByte(position++);
    }

    public double getDouble()
    {
        check(Double.BYTES, "a double");
        final double value = buffer.getDouble(position, ORDER);
        position += Double.BYTES;
        return value;
    }

    public String getString()
    {
        final int length = getLength("string");
        final byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Reads a count (of entries, elements...) and checks it against the bytes left, each entry taking
     * at least {@code minBytesPerEntry}.
     */
    public int getCount(final String what, final int minBytesPerEntry)
    {
        final int count = getInt();
        if (count < 0 || (long)count * Math.max(1, minBytesPerEntry) > remaining())
        {
            throw new CorruptCheckpointException(file, "count of " + what + " " + count + " at body offset " +
                (position - 4) + " does not fit the " + remaining() + " bytes left");
        }
        return count;
    }

    /**
     * @return bytes of a length-prefixed run, copied into {@code dst} from its start; checks the length.
     */
    public int getBytes(final org.agrona.MutableDirectBuffer dst)
    {
        final int length = getLength("byte run");
        dst.putBytes(0, buffer, position, length);
        position += length;
        return length;
    }

    /**
     * Reads a section written between {@code StateOutput.beginSection} and {@code endSection}: its length is
     * checked, this reader moves past it, and the returned reader covers exactly the section.
     *
     * @param what names the section in errors, e.g. "commit mark of sink 0".
     * @return a reader over the section.
     */
    public StateInput section(final String what)
    {
        final int length = getLength(what);
        final StateInput section = new StateInput(file, buffer, position, length);
        position += length;
        return section;
    }

    /**
     * @return the file the state comes from (for messages).
     */
    public Path file()
    {
        return file;
    }

    public int remaining()
    {
        return limit - position;
    }

    /**
     * @throws CorruptCheckpointException when bytes are left over: the reader and writer disagree.
     */
    public void expectEnd()
    {
        if (position != limit)
        {
            throw new CorruptCheckpointException(file, (limit - position) + " bytes left over after the state was" +
                " read: the state layout does not match the one that wrote it");
        }
    }

    private int getLength(final String what)
    {
        final int length = getInt();
        if (length < 0 || length > remaining())
        {
            throw new CorruptCheckpointException(file, what + " length " + length + " at body offset " +
                (position - 4) + " does not fit the " + remaining() + " bytes left");
        }
        return length;
    }

    private void check(final int bytes, final String what)
    {
        if (bytes > limit - position)
        {
            throw new CorruptCheckpointException(file, "body ends at offset " + position + " where " + what +
                " was expected: the state layout does not match the one that wrote it");
        }
    }
}
