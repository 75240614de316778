package dev.sluice.core;

import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.function.Codec;
import dev.sluice.core.function.Emitter;
import dev.sluice.core.function.EventTimeFunction;
import dev.sluice.core.function.KeyFunction;
import dev.sluice.core.function.LateEventHandler;
import dev.sluice.core.function.Transform;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.internal.KeyDictionary;
import dev.sluice.core.internal.KeyedWindowOperator;
import dev.sluice.core.internal.PassThroughOperator;
import dev.sluice.core.internal.RecordProcessor;
import dev.sluice.core.internal.SessionWindowOperator;
import dev.sluice.core.internal.Stages;
import dev.sluice.core.internal.WatermarkTracker;
import dev.sluice.core.internal.WindowOperator;
import dev.sluice.core.internal.WindowState;
import dev.sluice.core.sink.EventSink;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.core.window.SessionWindows;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

import java.util.List;
import java.util.function.Function;

/**
 * The local runner's translation of a {@link Pipeline} description into chained operators on one thread:
 *
 * <pre>
 *   record --codec--> event --stages--> window operator --> sink
 *                         \                 ^
 *                          +--> watermark tracker
 * </pre>
 *
 * The {@link RecordProcessor} decodes each record and feeds the stages, whose last one is the window operator
 * (tumbling, hopping and global windows share one slot-table operator; merging session windows have their own), or,
 * for a pass-through pipeline, the operator that hands each event to the event sinks.
 * Not thread-safe: made and used by the job's thread.
 *
 * @param sink      every sink of the pipeline as one.
 * @param tracker   the watermark of the job.
 * @param operator  the keyed window operator at the end of the chain.
 * @param processor the record handler the source is polled with.
 * @param keys      the user's keys by id, for a pipeline keyed by a value type; null for primitive keys.
 */
record LocalPlan(
    ResultSink sink,
    WatermarkTracker<Object> tracker,
    KeyedWindowOperator<Object> operator,
    RecordProcessor<Object> processor,
    KeyDictionary<Object> keys)
{
    /**
     * @param pipeline  the description.
     * @param mode      the execution mode: BATCH reads the state once at the end and emits no updates.
     * @param nanoClock for processing-time triggers and idleness.
     * @param epochClock for result latency.
     * @param latencyNs records result latency.
     * @param batchStateBound BATCH: the state bound of {@link ExecutionConfig#batchStateBound}, 0 for none; applied
     *                  to tumbling and hopping windows with a watermark (sessions merge, a global window and a job
     *                  without watermark cannot fire before the end).
     * @return the operators of a job.
     */
    static LocalPlan plan(
        final Pipeline pipeline,
        final ExecutionMode mode,
        final NanoClock nanoClock,
        final EpochNanoClock epochClock,
        final Histogram latencyNs,
        final int batchStateBound)
    {
        final boolean canFireEarly = mode == ExecutionMode.BATCH && !pipeline.isPassThrough() &&
            !pipeline.windows().isMerging() && !(pipeline.windows() instanceof GlobalWindows) &&
            !pipeline.watermarkStrategy().isNone();
        return plan(pipeline, mode, nanoClock, epochClock, latencyNs,
            pipeline.isPassThrough() ? flushing(pipeline.eventSinks()) : fanOut(pipeline.sinks()),
            canFireEarly ? batchStateBound : 0);
    }

    /**
     * Like {@link #plan(Pipeline, ExecutionMode, NanoClock, EpochNanoClock, Histogram)}, with the results going
     * to {@code sink} instead of the pipeline's sinks (a parallel job's worker hands them to the job's one sink
     * thread), and no state bound in BATCH (a parallel BATCH job's workers hold their range).
     */
    static LocalPlan plan(
        final Pipeline pipeline,
        final ExecutionMode mode,
        final NanoClock nanoClock,
        final EpochNanoClock epochClock,
        final Histogram latencyNs,
        final ResultSink sink)
    {
        return plan(pipeline, mode, nanoClock, epochClock, latencyNs, sink, 0);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static LocalPlan plan(
        final Pipeline pipeline,
        final ExecutionMode mode,
        final NanoClock nanoClock,
        final EpochNanoClock epochClock,
        final Histogram latencyNs,
        final ResultSink sink,
        final int batchStateBound)
    {
        final boolean streaming = mode != ExecutionMode.BATCH;
        final List<Aggregation<?>> aggregations = pipeline.aggregations();
        final AggregateColumn<Object>[] columns = new AggregateColumn[aggregations.size()];
        for (int i = 0; i < columns.length; i++)
        {
            columns[i] = (AggregateColumn<Object>)aggregations.get(i).newColumn();
            if (!streaming && !pipeline.windows().isMerging())
            {
                // BATCH reads its state in bulk: at the end, and past a state bound once per firing of many windows
                // (sessions merge slots as they go, so they do not)
                columns[i].expectBulkReads();
            }
        }
        final WatermarkTracker<Object> tracker =
            new WatermarkTracker<>((WatermarkStrategy<Object>)pipeline.watermarkStrategy(), nanoClock);
        final KeyDictionary<Object> keys = null == pipeline.keyValue() ? null :
            new KeyDictionary<>((KeyType<Object>)pipeline.keyFormat().keyType());
        final KeyFunction<Object> key = null == keys ? (KeyFunction<Object>)pipeline.key() :
            valueKey((Function<Object, Object>)pipeline.keyValue(), keys);
        final EventTimeFunction<Object> eventTime = (EventTimeFunction<Object>)pipeline.eventTime();
        final LateEventHandler<Object> late = (LateEventHandler<Object>)pipeline.lateEventHandler();
        final WindowResult result = new WindowResult(pipeline.schema(), columns, null == keys ? null : keys::keyOf);
        final KeyedWindowOperator<Object> operator = pipeline.isPassThrough() ?
            new PassThroughOperator<>(eventTime, tracker, fanOutEvents(pipeline.eventSinks())) :
            pipeline.windows() instanceof SessionWindows sessions ?
            new SessionWindowOperator<>(
                sessions, key, eventTime, columns, late, sink, result, tracker, epochClock, latencyNs,
                streaming) :
            new WindowOperator<>(
                pipeline.windows(), key, eventTime, new WindowState<>(columns), pipeline.allowedLatenessMs(), late,
                sink, result, tracker, epochClock, latencyNs, streaming, pipeline.earlyResults(),
                batchStateBound);

        if (null != keys)
        {
            keys.liveKeysFrom(operator::forEachKey);
        }
        Emitter<Object> head = operator;
        final List<Transform> transforms = pipeline.transforms();
        for (int i = transforms.size() - 1; i >= 0; i--)
        {
            head = Stages.link(transforms.get(i), head);
        }
        // per-event emission publishes after every record; periodic emission is checked once per poll, so the
        // clock is not read per record
        final RecordProcessor<Object> processor = new RecordProcessor<>(
            (Codec<Object>)pipeline.codec(), head, operator, tracker, pipeline.recordErrorHandler(),
            mode == ExecutionMode.STREAMING && pipeline.watermarkStrategy().periodNs() == 0);
        return new LocalPlan(sink, tracker, operator, processor, keys);
    }

    private static KeyFunction<Object> valueKey(final Function<Object, Object> key, final KeyDictionary<Object> keys)
    {
        return event -> keys.idOf(key.apply(event));
    }

    /**
     * @return one event sink that hands each event to every one of {@code sinks}, in order.
     */
    @SuppressWarnings("unchecked")
    private static EventSink<Object> fanOutEvents(final List<EventSink<?>> sinks)
    {
        if (sinks.size() == 1)
        {
            return (EventSink<Object>)sinks.get(0);
        }
        final EventSink<Object>[] all = sinks.toArray(new EventSink[0]);
        return event ->
        {
            for (final EventSink<Object> sink : all)
            {
                sink.onEvent(event);
            }
        };
    }

    /**
     * @return what the job flushes for a pass-through pipeline: its event sinks (it emits no results).
     */
    private static ResultSink flushing(final List<EventSink<?>> sinks)
    {
        return new ResultSink()
        {
            public void onResult(final WindowResult result)
            {
                throw new IllegalStateException("a pass-through pipeline emits no results");
            }

            public void flush()
            {
                for (final EventSink<?> sink : sinks)
                {
                    sink.flush();
                }
            }
        };
    }

    /**
     * @return one sink that hands each result to every one of {@code sinks}, in order.
     */
    static ResultSink fanOut(final List<ResultSink> sinks)
    {
        if (sinks.size() == 1)
        {
            return sinks.get(0);
        }
        final ResultSink[] all = sinks.toArray(new ResultSink[0]);
        return new ResultSink()
        {
            public void onResult(final WindowResult result)
            {
                for (final ResultSink sink : all)
                {
                    sink.onResult(result);
                }
            }

            public void flush()
            {
                for (final ResultSink sink : all)
                {
                    sink.flush();
                }
            }
        };
    }
}
