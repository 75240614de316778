package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.function.Codec;
import dev.sluice.core.function.EventTimeFunction;
import dev.sluice.core.function.KeyFunction;
import dev.sluice.core.function.LateEventHandler;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.function.RecordErrorHandler;
import dev.sluice.core.function.Transform;
import dev.sluice.core.sink.EventSink;
import dev.sluice.core.sink.KeyFormat;
import dev.sluice.core.sink.ResultSchema;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.core.window.WindowAssigner;
import dev.sluice.log.JvmRequirements;

import java.util.List;
import java.util.Objects;

/**
 * One pipeline, described: its name and version, source and codec, the chain of {@link Transform}s with the user's
 * functions, event time and watermark strategy, key, window, aggregations, allowed lateness and late-event handler,
 * sinks and the record error handler; or, for a pass-through pipeline ({@link #isPassThrough()}), the stages and the
 * event sinks that take every event after them. Immutable and readable by any runner; the local runner plans it
 * into chained operators in {@link #newJob}, in any {@link ExecutionMode}. Each job opens the source afresh and
 * builds fresh operator state, so runs are independent (the sinks are shared: give each run its own sink or clear
 * it).
 */
public final class Pipeline
{
    private static final KeyFunction<Object> ONE_KEY = event -> 0L;

    private final Source source;
    private final Codec<?> codec;
    private final List<Transform> transforms;
    private final EventTimeFunction<?> eventTime;
    private final WatermarkStrategy<?> watermarkStrategy;
    private final KeyFunction<?> key;
    private final java.util.function.Function<?, ?> keyValue;
    private final KeyFormat keyFormat;
    private final WindowAssigner windows;
    private final List<Aggregation<?>> aggregations;
    private final long allowedLatenessMs;
    private final EarlyResults earlyResults;
    private final LateEventHandler<?> lateEventHandler;
    private final List<ResultSink> sinks;
    private final List<EventSink<?>> eventSinks;
    private final String name;
    private final int version;
    private final RecordErrorHandler recordErrorHandler;
    private final ResultSchema schema;

    Pipeline(final PipelineBuilder.Definition d)
    {
        source = d.source;
        codec = d.codec;
        transforms = List.copyOf(d.stages);
        eventTime = d.eventTime;
        // a pass-through pipeline needs no event time; without it, its watermark never moves
        watermarkStrategy = null == d.watermarkStrategy ? WatermarkStrategy.none() : d.watermarkStrategy;
        // no keyBy: every event in a window counts under one key
        keyValue = d.keyValue;
        key = null != d.key ? d.key : null != keyValue ? null : ONE_KEY;
        keyFormat = null == d.key && null == keyValue ? KeyFormat.single("key") : d.keyFormat;
        windows = d.windows;
        aggregations = List.copyOf(d.aggregations);
        allowedLatenessMs = d.allowedLatenessMs;
        earlyResults = d.earlyResults;
        lateEventHandler = d.lateHandler;
        sinks = List.copyOf(d.sinks);
        eventSinks = List.copyOf(d.eventSinks);
        name = d.name;
        version = d.version;
        recordErrorHandler = d.errorHandler;
        schema = new ResultSchema(aggregations, keyFormat);
    }

    private Pipeline(
        final Pipeline base,
        final Source source,
        final List<ResultSink> sinks,
        final long allowedLatenessMs,
        final EarlyResults earlyResults)
    {
        this.source = source;
        codec = base.codec;
        transforms = base.transforms;
        eventTime = base.eventTime;
        watermarkStrategy = base.watermarkStrategy;
        keyValue = base.keyValue;
        key = base.key;
        keyFormat = base.keyFormat;
        windows = base.windows;
        aggregations = base.aggregations;
        this.allowedLatenessMs = allowedLatenessMs;
        this.earlyResults = earlyResults;
        lateEventHandler = base.lateEventHandler;
        this.sinks = List.copyOf(sinks);
        eventSinks = base.eventSinks;
        name = base.name;
        version = base.version;
        recordErrorHandler = base.recordErrorHandler;
        schema = base.schema;
    }

    /**
     * The same definition with parts a runner of its own sets (a layer of a {@link LambdaJob}): another source and
     * sinks, allowed lateness and early results. Stages, key, window and aggregations stay as described, and so
     * do the codec and the user's functions: the copy is for the thread the original was made for.
     */
    Pipeline derive(
        final Source source, final List<ResultSink> sinks, final long allowedLatenessMs, final EarlyResults early)
    {
        return new Pipeline(this, source, sinks, allowedLatenessMs, early);
    }

    /**
     * @return the same definition over another source (a Kappa version's start), everything else as described.
     */
    Pipeline withSource(final Source source)
    {
        return new Pipeline(this, source, sinks, allowedLatenessMs, earlyResults);
    }

    /**
     * @return the pipeline's name ("pipeline" unless {@code named(...)} gave one).
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the pipeline's version (1 unless {@code named(...)} gave one).
     */
    public int version()
    {
        return version;
    }

    /**
     * @return true for a pipeline that aggregates nothing: every event after its stages goes to its
     * {@link #eventSinks()}; it has no key, window, aggregation or result sink.
     */
    public boolean isPassThrough()
    {
        return !eventSinks.isEmpty();
    }

    /**
     * @return the event sinks of a pass-through pipeline, each receiving every event in this order; empty for an
     * aggregating one.
     */
    public List<EventSink<?>> eventSinks()
    {
        return eventSinks;
    }

    /**
     * @param source where records come from.
     * @param codec  decodes them.
     * @param <T>    event type.
     * @return a builder.
     */
    public static <T> PipelineBuilder<T> from(final Source source, final Codec<T> codec)
    {
        return new PipelineBuilder<>(new PipelineBuilder.Definition(
            Objects.requireNonNull(source, "source"), Objects.requireNonNull(codec, "codec")));
    }

    /**
     * @return where records come from.
     */
    public Source source()
    {
        return source;
    }

    /**
     * @return what turns a record into an event.
     */
    public Codec<?> codec()
    {
        return codec;
    }

    /**
     * @return the stateless steps between the codec and the key, in order.
     */
    public List<Transform> transforms()
    {
        return transforms;
    }

    /**
     * @return the event time of an event, in ms.
     */
    public EventTimeFunction<?> eventTime()
    {
        return eventTime;
    }

    /**
     * @return how the watermark follows event time.
     */
    public WatermarkStrategy<?> watermarkStrategy()
    {
        return watermarkStrategy;
    }

    /**
     * @return the primitive key of an event (every event has key 0 in a pipeline without {@code keyBy}); null when
     * the pipeline is keyed by a value type ({@link #keyValue()}).
     */
    public KeyFunction<?> key()
    {
        return key;
    }

    /**
     * @return the key of an event of a pipeline keyed by a value type ({@code keyBy(Function, KeyType)}), whose
     * {@link KeyFormat#keyType()} says how to write it; null for a primitive key ({@link #key()}).
     */
    public java.util.function.Function<?, ?> keyValue()
    {
        return keyValue;
    }

    /**
     * @return how sinks write the key.
     */
    public KeyFormat keyFormat()
    {
        return keyFormat;
    }

    /**
     * @return which event-time windows an event belongs to; null for a pass-through pipeline.
     */
    public WindowAssigner windows()
    {
        return windows;
    }

    /**
     * @return the aggregations computed together per (window, key), in output order.
     */
    public List<Aggregation<?>> aggregations()
    {
        return aggregations;
    }

    /**
     * @return how long after a window fired it still accepts events, re-firing with an update; 0 drops them.
     */
    public long allowedLatenessMs()
    {
        return allowedLatenessMs;
    }

    /**
     * @return when an open window emits its running value.
     */
    public EarlyResults earlyResults()
    {
        return earlyResults;
    }

    /**
     * @return the side output of late events, or null to drop them (they are counted either way).
     */
    public LateEventHandler<?> lateEventHandler()
    {
        return lateEventHandler;
    }

    /**
     * @return the sinks, each receiving every result in this order.
     */
    public List<ResultSink> sinks()
    {
        return sinks;
    }

    /**
     * @return what a job does with a record that fails to decode or process.
     */
    public RecordErrorHandler recordErrorHandler()
    {
        return recordErrorHandler;
    }

    /**
     * @return the columns of the results.
     */
    public ResultSchema schema()
    {
        return schema;
    }

    /**
     * @param config how to run.
     * @return a job ready to run, its source opened.
     * @throws PipelineDefinitionException if the pipeline cannot run in that mode.
     */
    public Job newJob(final ExecutionConfig config)
    {
        JvmRequirements.check();
        if (config.mode() == ExecutionMode.BATCH && earlyResults.isEnabled())
        {
            throw new PipelineDefinitionException("early results (" + earlyResults + ") in BATCH mode: a BATCH job " +
                "reads its whole range before any window closes, so it has no running values to show; run it " +
                "MICRO_BATCH or STREAMING, or build the pipeline without earlyResults(...)");
        }
        if (config.mode() != ExecutionMode.BATCH && watermarkStrategy.isNone() && !isPassThrough())
        {
            throw new PipelineDefinitionException("WatermarkStrategy.none() runs only in BATCH mode, not " +
                config.mode() + ": give withTimestamps a strategy such as " +
                "WatermarkStrategy.boundedOutOfOrderness(maxDelayMs)");
        }
        return Job.create(this, config);
    }

    /**
     * Run a bounded source to its end.
     *
     * @param config how to run.
     * @return what the job did.
     */
    public JobReport run(final ExecutionConfig config)
    {
        try (Job job = newJob(config))
        {
            return job.run();
        }
    }

    /**
     * @param mode the mode, with its default configuration.
     * @return what the job did.
     */
    public JobReport run(final ExecutionMode mode)
    {
        return run(ExecutionConfig.of(mode));
    }

    /**
     * @return a description of this pipeline's state layout: what a checkpoint of it holds and how it is read
     * (window size and offset, allowed lateness, key format, aggregations with their outputs, watermark kind and
     * bound, number of stages). Its fingerprint is part of the checkpoint identity.
     */
    public String stateLayout()
    {
        if (isPassThrough())
        {
            // its state is its counters and watermark: what matters is what the events go through
            return "passThrough;watermark=" + (watermarkStrategy.isNone() ? "none" : "bound " +
                watermarkStrategy.maxOutOfOrdernessMs()) + ";stages=" + transforms.size() + ";eventSinks=" +
                eventSinks.size();
        }
        final StringBuilder sb = new StringBuilder(128)
            .append("window=").append(windows.layout())
            .append(";lateness=").append(allowedLatenessMs)
            .append(";key=").append(keyFormat.names())
            .append(";watermark=").append(watermarkStrategy.isNone() ? "none" :
                "bound " + watermarkStrategy.maxOutOfOrdernessMs())
            .append(";stages=").append(transforms.size())
            .append(";agg=");
        for (final Aggregation<?> aggregation : aggregations)
        {
            sb.append(aggregation.kind()).append(aggregation.outputNames()).append(',');
        }
        if (earlyResults.isEnabled())
        {
            // its checkpoint holds the count to the next early result (none without, so older layouts stay)
            sb.append(";early=").append(earlyResults.everyEvents()).append('/').append(earlyResults.intervalNs());
            if (earlyResults.isEveryPoll() || earlyResults.isOnRequest())
            {
                sb.append(earlyResults.isEveryPoll() ? "/poll" : "/request");
            }
        }
        if (null != keyValue)
        {
            // its checkpoint holds the key dictionary (none for primitive keys, so older layouts stay)
            sb.append(";keys=text");
        }
        return sb.toString();
    }

    /**
     * @return its checkpoint identity under its own {@link #name()} and {@link #version()}.
     */
    public dev.sluice.core.checkpoint.PipelineIdentity identity()
    {
        return identity(name, version);
    }

    /**
     * @param name    the user's name of the pipeline.
     * @param version the user's version of it.
     * @return its checkpoint identity: name, version and the fingerprint of {@link #stateLayout()}.
     */
    public dev.sluice.core.checkpoint.PipelineIdentity identity(final String name, final int version)
    {
        return new dev.sluice.core.checkpoint.PipelineIdentity(
            name, version, dev.sluice.core.checkpoint.PipelineIdentity.fingerprintOf(stateLayout()));
    }
}
