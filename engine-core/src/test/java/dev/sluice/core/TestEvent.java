package dev.sluice.core;

import dev.sluice.core.function.Codec;
import dev.sluice.core.function.MalformedRecordException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A small event for tests: key, event time, value. Mutable and reused.
 */
public final class TestEvent
{
    public long key;
    public long time;
    public long value;

    public TestEvent()
    {
    }

    public TestEvent(final long key, final long time, final long value)
    {
        this.key = key;
        this.time = time;
        this.value = value;
    }

    public static TestEvent of(final long key, final long time, final long value)
    {
        return new TestEvent(key, time, value);
    }

    public long key()
    {
        return key;
    }

    public long time()
    {
        return time;
    }

    public long value()
    {
        return value;
    }

    public TestEvent copy()
    {
        return new TestEvent(key, time, value);
    }

    public String toString()
    {
        return "(" + key + "@" + time + "=" + value + ")";
    }

    /**
     * 24 bytes: key, time, value. Any other length is malformed; a value of -999 throws as a poison record.
     */
    public static final class TestCodec implements Codec<TestEvent>
    {
        public static final long POISON = -999;
        private final TestEvent event = new TestEvent();

        public int encodedLength(final TestEvent event)
        {
            return 24;
        }

        public int encode(final TestEvent event, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, event.key);
            buffer.putLong(offset + 8, event.time);
            buffer.putLong(offset + 16, event.value);
            return 24;
        }

        public TestEvent decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != 24)
            {
                throw new MalformedRecordException("TestEvent of " + length + " bytes, expected 24");
            }
            event.key = buffer.getLong(offset);
            event.time = buffer.getLong(offset + 8);
            event.value = buffer.getLong(offset + 16);
            if (event.value == POISON)
            {
                throw new MalformedRecordException("poison value");
            }
            return event;
        }
    }
}
