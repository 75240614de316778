package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.function.Codec;
import dev.sluice.core.function.EventTimeFunction;
import dev.sluice.core.function.FlatMapFunction;
import dev.sluice.core.function.KeyFunction;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.function.Keys;
import dev.sluice.core.function.LateEventHandler;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.function.RecordErrorHandler;
import dev.sluice.core.function.Transform;
import dev.sluice.core.sink.EventSink;
import dev.sluice.core.sink.IdempotentLogSink;
import dev.sluice.core.sink.KeyFormat;
import dev.sluice.core.sink.LogSink;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.core.window.WindowAssigner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Defines a pipeline: source and codec, then stateless stages (map, filter, flatMap), then event time and
 * watermark, key, window, aggregations, late-event handling and sinks; or, for a pipeline that aggregates nothing,
 * the stages and {@link #passThrough} event sinks. {@link #build()} checks the
 * definition, fails with a message naming the fix, and returns an immutable copy of it: calls on a builder after
 * {@code build()} change only pipelines built later. Stages must come before {@code withTimestamps},
 * {@code keyBy} and {@code window}, which read the final event type.
 * <p>
 * Functions passed here are called once per event on the job thread: they must not allocate (method references
 * and non-capturing lambdas are created once, here, not per event). Not thread-safe.
 *
 * @param <T> the event type at this point of the definition.
 */
public final class PipelineBuilder<T>
{
    final Definition definition;

    PipelineBuilder(final Definition definition)
    {
        this.definition = definition;
    }

    /**
     * @param function maps each event; return a reused object to keep the hot path allocation-free.
     * @param <R>      the new event type.
     * @return the builder, now of {@code R}.
     */
    public <R> PipelineBuilder<R> map(final Function<? super T, ? extends R> function)
    {
        addStage(new Transform.Map(function));
        return new PipelineBuilder<>(definition);
    }

    /**
     * @param predicate keeps the events for which it is true.
     * @return this.
     */
    public PipelineBuilder<T> filter(final Predicate<? super T> predicate)
    {
        addStage(new Transform.Filter(predicate));
        return this;
    }

    /**
     * @param function pushes zero or more events per input.
     * @param <R>      the new event type.
     * @return the builder, now of {@code R}.
     */
    public <R> PipelineBuilder<R> flatMap(final FlatMapFunction<? super T, R> function)
    {
        addStage(new Transform.FlatMap(function));
        return new PipelineBuilder<>(definition);
    }

    /**
     * @param eventTime event time in ms of an event.
     * @param strategy  how the watermark follows event time.
     * @return this.
     */
    public PipelineBuilder<T> withTimestamps(final EventTimeFunction<T> eventTime, final WatermarkStrategy<T> strategy)
    {
        definition.eventTime = Objects.requireNonNull(eventTime, "eventTime");
        definition.watermarkStrategy = Objects.requireNonNull(strategy, "strategy");
        definition.sealed = true;
        return this;
    }

    /**
     * @param key primitive key of an event ({@link Keys#pack} for composite keys).
     * @return this.
     */
    public PipelineBuilder<T> keyBy(final KeyFunction<T> key)
    {
        return keyBy(key, KeyFormat.single("key"));
    }

    /**
     * @param key    primitive key of an event.
     * @param format how file sinks write the key.
     * @return this.
     */
    public PipelineBuilder<T> keyBy(final KeyFunction<T> key, final KeyFormat format)
    {
        definition.key = Objects.requireNonNull(key, "key");
        definition.keyValue = null;
        definition.keyFormat = Objects.requireNonNull(format, "format");
        definition.sealed = true;
        return this;
    }

    /**
     * Key by a value of the user's own type (a String, a record, a composite) with {@code equals} and
     * {@code hashCode}. Results carry the key ({@code ResultRow.keyValue()}, {@code WindowResult.keyValue()}) and
     * file sinks write its text; the window state works on its stable 64-bit id (see {@link KeyType}), so a key
     * seen before costs one hash lookup and no allocation. A {@code long} key ({@link #keyBy(KeyFunction)}) skips
     * even that.
     *
     * @param key  the key of an event; not null.
     * @param type how the key is written, read back and turned into its id, e.g. {@link KeyType#strings()}.
     * @param <K>  the key type.
     * @return this.
     */
    public <K> PipelineBuilder<T> keyBy(final java.util.function.Function<T, K> key, final KeyType<K> type)
    {
        definition.key = null;
        definition.keyValue = Objects.requireNonNull(key, "key");
        definition.keyFormat = KeyFormat.of(Objects.requireNonNull(type, "type"));
        definition.sealed = true;
        return this;
    }

    /**
     * @param windows which event-time windows an event belongs to: {@link TumblingWindows}, {@code HoppingWindows},
     *                {@code SessionWindows}, or {@link GlobalWindows} for an aggregation over the whole input.
     * @return this.
     */
    public PipelineBuilder<T> window(final WindowAssigner windows)
    {
        definition.windows = Objects.requireNonNull(windows, "windows");
        definition.sealed = true;
        return this;
    }

    /**
     * @param aggregations computed together per (window, key), outputs in this order.
     * @return this.
     */
    @SafeVarargs
    @SuppressWarnings("varargs")
    public final PipelineBuilder<T> aggregate(final Aggregation<T>... aggregations)
    {
        definition.aggregations.addAll(Arrays.asList(aggregations));
        return this;
    }

    /**
     * @param policy when an open window emits its running value before it closes (default
     *               {@link EarlyResults#none()}); the streaming modes only.
     * @return this.
     */
    public PipelineBuilder<T> earlyResults(final EarlyResults policy)
    {
        definition.earlyResults = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * @param allowedLatenessMs how long after a window fired it still accepts events, re-firing with an update;
     *                          0 (the default) drops every event whose window has fired.
     * @return this.
     */
    public PipelineBuilder<T> allowedLateness(final long allowedLatenessMs)
    {
        definition.allowedLatenessMs = allowedLatenessMs;
        return this;
    }

    /**
     * @param handler side output for late events (default: drop them; they are counted either way).
     * @return this.
     */
    public PipelineBuilder<T> lateEvents(final LateEventHandler<T> handler)
    {
        definition.lateHandler = handler;
        return this;
    }

    /**
     * @param sink receives results; several sinks receive every result in the order added.
     * @return this.
     */
    public PipelineBuilder<T> sink(final ResultSink sink)
    {
        definition.sinks.add(Objects.requireNonNull(sink, "sink"));
        return this;
    }

    /**
     * Make this a pass-through pipeline: it aggregates nothing, and each event that comes out of the stages goes to
     * {@code sink} (and to every other event sink added), in log order. It has no key, window or aggregation, and
     * needs no timestamps; given some ({@link #withTimestamps}), its jobs follow the watermark, so that a report
     * tells how far in event time they are. Exactly-once output through checkpoints takes
     * {@link dev.sluice.core.sink.TransactionalEventSink}s, e.g. {@link dev.sluice.core.sink.EventLogSink}.
     *
     * @param sink receives every event after the stages; several receive each event in the order added.
     * @return this.
     */
    public PipelineBuilder<T> passThrough(final EventSink<? super T> sink)
    {
        definition.eventSinks.add(Objects.requireNonNull(sink, "sink"));
        return this;
    }

    /**
     * @param name    the pipeline's name, e.g. "orders-flags": letters, digits, '_', '-' and '.', starting with a
     *                letter, at most 64 characters (it names its checkpoints and, in a Kappa deployment, its log
     *                cursor).
     * @param version its version, raised when its logic changes (0 or more); default "pipeline", 1.
     * @return this.
     */
    public PipelineBuilder<T> named(final String name, final int version)
    {
        if (null == name || !name.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}"))
        {
            throw new PipelineDefinitionException("pipeline name '" + name + "' is not a plain identifier: use " +
                "letters, digits, '_', '-' and '.', starting with a letter, at most 64 characters, e.g. " +
                "'orders-flags'");
        }
        if (version < 0)
        {
            throw new PipelineDefinitionException("pipeline version " + version + " is negative; versions count up " +
                "from 0 or 1");
        }
        definition.name = name;
        definition.version = version;
        return this;
    }

    /**
     * @param handler what to do with a record that fails to decode or process (default: fail the job).
     * @return this.
     */
    public PipelineBuilder<T> onRecordError(final RecordErrorHandler handler)
    {
        definition.errorHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * @return the checked, runnable pipeline.
     * @throws PipelineDefinitionException naming what is missing or wrong and how to fix it.
     */
    public Pipeline build()
    {
        final Definition d = definition;
        if (!d.eventSinks.isEmpty())
        {
            return buildPassThrough(d);
        }
        if (null == d.windows)
        {
            throw new PipelineDefinitionException(
                "no window: call window(TumblingWindows.of(sizeMs)) before build(), e.g. TumblingWindows.of(300_000)" +
                " for 5-minute windows, or window(GlobalWindows.create()) to aggregate over the whole input");
        }
        if (null == d.eventTime || null == d.watermarkStrategy)
        {
            throw new PipelineDefinitionException("an event-time window needs timestamps and a watermark strategy: " +
                "call withTimestamps(eventTimeFn, WatermarkStrategy.boundedOutOfOrderness(maxDelayMs)) before " +
                "window(...), or WatermarkStrategy.none() for a pipeline that only runs in BATCH mode");
        }
        if (d.aggregations.isEmpty())
        {
            throw new PipelineDefinitionException(
                "no aggregation: call aggregate(Aggregations.count(\"events\"), ...) before build()");
        }
        if (d.sinks.isEmpty())
        {
            throw new PipelineDefinitionException(
                "no sink: call sink(...) with e.g. a LatestResultView, a CollectingSink or a TextFileSink");
        }
        if (null != d.keyValue)
        {
            for (final ResultSink sink : d.sinks)
            {
                if (sink instanceof LogSink || sink instanceof IdempotentLogSink)
                {
                    throw new PipelineDefinitionException(sink.getClass().getSimpleName() + " writes primitive " +
                        "keys, and this pipeline is keyed by " + d.keyFormat.keyType() + ": write its results with " +
                        "a TextFileSink, an EpochFileSink or a LatestResultView, or key by a long");
                }
            }
        }
        if (d.windows.isMerging() && d.allowedLatenessMs > 0)
        {
            throw new PipelineDefinitionException("allowedLateness " + d.allowedLatenessMs + " ms with " + d.windows +
                ": a closed session does not take late events yet; use allowedLateness(0) (late events are counted" +
                " and can go to lateEvents(...)), or a larger gap");
        }
        if (d.windows.isMerging() && d.earlyResults.isEnabled())
        {
            throw new PipelineDefinitionException(d.earlyResults + " with " + d.windows + ": sessions do not show " +
                "running values yet; remove earlyResults(...), or use TumblingWindows or HoppingWindows");
        }
        if (d.allowedLatenessMs < 0)
        {
            throw new PipelineDefinitionException(
                "allowedLateness " + d.allowedLatenessMs + " ms is negative; use 0 to drop late events");
        }
        try
        {
            return new Pipeline(d);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new PipelineDefinitionException(ex.getMessage());
        }
    }

    private static Pipeline buildPassThrough(final Definition d)
    {
        final String extra = null != d.windows ? "window(" + d.windows + ")" :
            !d.aggregations.isEmpty() ? "aggregate(...)" :
            null != d.key || null != d.keyValue ? "keyBy(...)" :
            !d.sinks.isEmpty() ? "sink(...)" :
            d.earlyResults.isEnabled() ? "earlyResults(...)" :
            d.allowedLatenessMs != 0 ? "allowedLateness(...)" :
            null != d.lateHandler ? "lateEvents(...)" : null;
        if (null != extra)
        {
            throw new PipelineDefinitionException("a pass-through pipeline hands each event to its event sinks and " +
                "aggregates nothing, so it has no " + extra + ": remove it, or build an aggregating pipeline with " +
                "window(...), aggregate(...) and sink(...) instead of passThrough(...)");
        }
        return new Pipeline(d);
    }

    private void addStage(final Transform transform)
    {
        if (definition.sealed)
        {
            final String name = transform.name();
            throw new PipelineDefinitionException(name + "() after withTimestamps/keyBy/window: move " + name +
                " before them, they read the final event type");
        }
        definition.stages.add(transform);
    }

    /**
     * The mutable definition shared by the builders of one pipeline; {@link #build()} copies it into the
     * immutable {@link Pipeline}, so what a builder does after that changes no pipeline it built.
     */
    static final class Definition
    {
        final Source source;
        final Codec<?> codec;
        final List<Transform> stages = new ArrayList<>();
        final List<Aggregation<?>> aggregations = new ArrayList<>();
        final List<ResultSink> sinks = new ArrayList<>();
        final List<EventSink<?>> eventSinks = new ArrayList<>();
        String name = "pipeline";
        int version = 1;
        EventTimeFunction<?> eventTime;
        WatermarkStrategy<?> watermarkStrategy;
        KeyFunction<?> key;
        java.util.function.Function<?, ?> keyValue;
        KeyFormat keyFormat = KeyFormat.single("key");
        WindowAssigner windows;
        long allowedLatenessMs;
        EarlyResults earlyResults = EarlyResults.none();
        LateEventHandler<?> lateHandler;
        RecordErrorHandler errorHandler = RecordErrorHandler.failJob();
        boolean sealed;

        Definition(final Source source, final Codec<?> codec)
        {
            this.source = source;
            this.codec = codec;
        }
    }
}
