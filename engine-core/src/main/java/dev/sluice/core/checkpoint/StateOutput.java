package dev.sluice.core.checkpoint;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Where a job writes the body of a checkpoint: a growable, reused buffer with a write position.
 * Little-endian. Not thread-safe.
 */
public final class StateOutput
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private final ExpandableDirectByteBuffer buffer;
    private int position;

    public StateOutput(final int initialCapacity)
    {
        buffer = new ExpandableDirectByteBuffer(Math.max(64, initialCapacity));
    }

    public StateOutput reset()
    {
        position = 0;
        return this;
    }

    public StateOutput putLong(final long value)
    {
        buffer.putLong(position, value, ORDER);
        position += Long.BYTES;
        return this;
    }

    public StateOutput putInt(final int value)
    {
        buffer.putInt(position, value, ORDER);
        position += Integer.BYTES;
        return this;
    }

    public StateOutput putByte(final byte value)
    {
        buffer.putByte(position, value);
        position += 1;
        return this;
    }

    public StateOutput putDouble(final double value)
    {
        buffer.putDouble(position, value, ORDER);
        position += Double.BYTES;
        return this;
    }

    /**
     * Writes a length-prefixed UTF-8 string.
     */
    public StateOutput putString(final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        putInt(bytes.length);
        buffer.putBytes(position, bytes);
        position += bytes.length;
        return this;
    }

    /**
     * Writes a length-prefixed run of bytes.
     */
    public StateOutput putBytes(final DirectBuffer src, final int offset, final int length)
    {
        putInt(length);
        buffer.putBytes(position, src, offset, length);
        position += length;
        return this;
    }

    /**
     * Starts a length-prefixed section (e.g. one sink's commit mark): reserves its length word.
     *
     * @return the token to pass to {@link #endSection(int)}.
     */
    public int beginSection()
    {
        final int at = position;
        putInt(0);
        return at;
    }

    /**
     * Ends a section begun with {@link #beginSection()}: writes its length into the reserved word.
     *
     * @param token what {@link #beginSection()} returned.
     */
    public void endSection(final int token)
    {
        buffer.putInt(token, position - token - Integer.BYTES, ORDER);
    }

    /**
     * @return bytes written so far.
     */
    public int length()
    {
        return position;
    }

    /**
     * @return a reader over the bytes written so far (sharing this buffer: valid until the next write), for
     * in-memory round trips and tests.
     */
    public StateInput asInput()
    {
        return new StateInput(java.nio.file.Path.of("(in memory)"), buffer, 0, position);
    }

    /**
     * @return the bytes written so far, [0, {@link #length()}), in place: valid until the next write.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }
}
