package dev.sluice.flink.internal;

import dev.sluice.core.function.LateEventHandler;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The window operator's side output of late events: counted, and handed to the pipeline's
 * {@link LateEventHandler} when it has one, with the event's time, the watermark here (which has reached at least
 * the one it was late against) and the position of its record.
 */
public final class LateEvents extends ProcessFunction<PositionedEvent, Void>
{
    private static final long serialVersionUID = 1L;

    private final PipelineCopy pipeline;
    private transient LateEventHandler<Object> handler;
    private transient LongCounter eventsLate;

    public LateEvents(final PipelineCopy pipeline)
    {
        this.pipeline = pipeline;
    }

    @SuppressWarnings("unchecked")
    public void open(final OpenContext openContext)
    {
        handler = (LateEventHandler<Object>)pipeline.get().lateEventHandler();
        eventsLate = getRuntimeContext().getLongCounter(Counters.EVENTS_LATE);
    }

    public void processElement(final PositionedEvent value, final Context ctx, final Collector<Void> out)
    {
        eventsLate.add(1L);
        if (null != handler)
        {
            handler.onLateEvent(value.event, ctx.timestamp(), ctx.timerService().currentWatermark(), value.position);
        }
    }
}
