package dev.sluice.flink.internal;

import dev.sluice.core.Pipeline;
import dev.sluice.core.function.EventTimeFunction;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The pipeline's event time and watermark strategy as Flink's: the timestamp is the pipeline's event-time function of
 * the event, and the watermark follows {@link dev.sluice.core.time.WatermarkStrategy} exactly as the local runner
 * computes it:
 * <ul>
 *   <li>bounded out-of-orderness: highest event time seen - bound - 1, emitted after every event (Flink forwards a
 *       record before the watermark its generator emits for it, so an event is late against the watermark of the
 *       events before it), or periodically when the strategy says so;</li>
 *   <li>punctuated: the watermark a marker event carries;</li>
 *   <li>idle timeout: once no event came for the timeout, the highest time seen, then a millisecond per idle
 *       millisecond (checked at Flink's periodic emission, {@code pipeline.auto-watermark-interval}).</li>
 * </ul>
 */
public final class RecipeWatermarks implements WatermarkStrategy<PositionedEvent>
{
    private static final long serialVersionUID = 1L;

    private final PipelineCopy pipeline;

    public RecipeWatermarks(final PipelineCopy pipeline)
    {
        this.pipeline = pipeline;
    }

    @SuppressWarnings("unchecked")
    public TimestampAssigner<PositionedEvent> createTimestampAssigner(final TimestampAssignerSupplier.Context context)
    {
        final EventTimeFunction<Object> eventTime = (EventTimeFunction<Object>)pipeline.get().eventTime();
        return (element, previous) -> eventTime.eventTimeMs(element.event);
    }

    public WatermarkGenerator<PositionedEvent> createWatermarkGenerator(
        final WatermarkGeneratorSupplier.Context context)
    {
        return new Generator(pipeline.get());
    }

    private static final class Generator implements WatermarkGenerator<PositionedEvent>
    {
        private final boolean none;
        private final boolean punctuated;
        private final dev.sluice.core.time.WatermarkStrategy.PunctuationFunction<Object> punctuation;
        private final long boundMs;
        private final boolean perEvent;
        private final long idleTimeoutNs;
        private long maxSeenMs = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;
        private long lastEventNs = System.nanoTime();

        @SuppressWarnings("unchecked")
        Generator(final Pipeline pipeline)
        {
            final dev.sluice.core.time.WatermarkStrategy<Object> strategy =
                (dev.sluice.core.time.WatermarkStrategy<Object>)pipeline.watermarkStrategy();
            none = strategy.isNone();
            punctuated = strategy.kind() == dev.sluice.core.time.WatermarkStrategy.Kind.PUNCTUATED;
            punctuation = strategy.punctuation();
            boundMs = strategy.maxOutOfOrdernessMs();
            perEvent = strategy.periodNs() == 0;
            idleTimeoutNs = strategy.idleTimeoutNs();
        }

        public void onEvent(final PositionedEvent event, final long timestampMs, final WatermarkOutput output)
        {
            if (none)
            {
                return;
            }
            if (idleTimeoutNs > 0)
            {
                lastEventNs = System.nanoTime();
            }
            if (timestampMs > maxSeenMs)
            {
                maxSeenMs = timestampMs;
            }
            if (punctuated)
            {
                final long carried = punctuation.watermarkOf(event.event, timestampMs);
                if (carried != dev.sluice.core.time.WatermarkStrategy.NO_WATERMARK)
                {
                    emit(output, carried);
                }
            }
            else if (perEvent)
            {
                emit(output, maxSeenMs - boundMs - 1);
            }
        }

        public void onPeriodicEmit(final WatermarkOutput output)
        {
            if (none || maxSeenMs == Long.MIN_VALUE)
            {
                return;
            }
            if (!punctuated && !perEvent)
            {
                emit(output, maxSeenMs - boundMs - 1);
            }
            if (idleTimeoutNs > 0)
            {
                final long idleNs = System.nanoTime() - lastEventNs;
                if (idleNs >= idleTimeoutNs)
                {
                    final long idleMs = (idleNs - idleTimeoutNs) / 1_000_000L;
                    emit(output, maxSeenMs + idleMs < maxSeenMs ? Long.MAX_VALUE - 1 : maxSeenMs + idleMs);
                }
            }
        }

        private void emit(final WatermarkOutput output, final long watermark)
        {
            if (watermark > emitted)
            {
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }
    }
}
