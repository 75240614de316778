package dev.sluice.core.source;

import dev.sluice.core.function.Codec;
import dev.sluice.core.TestEvent;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A codec that announces 8 bytes more than it writes, as a buggy user codec might: the appenders must append
 * nothing for it.
 */
final class OverstatingCodec implements Codec<TestEvent>
{
    private final TestEvent.TestCodec good = new TestEvent.TestCodec();

    public int encodedLength(final TestEvent event)
    {
        return good.encodedLength(event) + 8;
    }

    public int encode(final TestEvent event, final MutableDirectBuffer buffer, final int offset)
    {
        return good.encode(event, buffer, offset);
    }

    public TestEvent decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return good.decode(buffer, offset, length);
    }
}
