package dev.sluice.examples.compare;

import dev.sluice.core.function.Codec;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.Orders5m;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The orders codec, telling a {@link ResultLatencyRecorder} of every event the job reads: its number, window and
 * key. The job reads every record through its codec once, in log order, on its own thread, so the recorder learns
 * of each event before any result can count it. Not thread-safe: the job thread.
 */
final class ProbedOrderCodec implements Codec<OrderEvent>
{
    private final OrderEventCodec codec = new OrderEventCodec();
    private final ResultLatencyRecorder recorder;
    private final long windowMillis;

    /**
     * @param recorder     told of every event read.
     * @param windowMillis the query's tumbling window size, ms.
     */
    ProbedOrderCodec(final ResultLatencyRecorder recorder, final long windowMillis)
    {
        this.recorder = recorder;
        this.windowMillis = windowMillis;
    }

    public int encodedLength(final OrderEvent event)
    {
        return codec.encodedLength(event);
    }

    public int encode(final OrderEvent event, final MutableDirectBuffer buffer, final int offset)
    {
        return codec.encode(event, buffer, offset);
    }

    public OrderEvent decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final OrderEvent event = codec.decode(buffer, offset, length);
        tell(recorder, event, windowMillis);
        return event;
    }

    /**
     * @param recorder     the recorder.
     * @param event        an event read.
     * @param windowMillis the query's tumbling window size, ms.
     */
    static void tell(final ResultLatencyRecorder recorder, final OrderEvent event, final long windowMillis)
    {
        final long time = event.eventTimeMillis();
        recorder.onRead(event.eventId(), time - Math.floorMod(time, windowMillis), Orders5m.key(event));
    }
}
