package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.sink.ResultSchema;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.source.Source;

import java.util.List;
import java.util.Objects;

/**
 * One pipeline definition, runnable in any {@link ExecutionMode}: each {@link #newJob} opens the source afresh
 * and builds fresh operator state, so runs are independent (the sinks are shared: give each run its own sink or
 * clear it). Immutable once built; jobs run on the thread that calls {@link Job#run()}.
 */
public final class Pipeline
{
    final PipelineBuilder.Definition definition;
    private final ResultSchema schema;

    Pipeline(final PipelineBuilder.Definition definition)
    {
        this.definition = definition;
        this.schema = new ResultSchema(definition.aggregations, definition.keyFormat);
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
     * @return the columns of the results.
     */
    public ResultSchema schema()
    {
        return schema;
    }

    public List<Aggregation<?>> aggregations()
    {
        return List.copyOf(definition.aggregations);
    }

    /**
     * @param config how to run.
     * @return a job ready to run, its source opened.
     * @throws PipelineDefinitionException if the pipeline cannot run in that mode.
     */
    public Job newJob(final ExecutionConfig config)
    {
        if (config.mode() != ExecutionMode.BATCH && definition.watermarkStrategy.isNone())
        {
            throw new PipelineDefinitionException("WatermarkStrategy.none() runs only in BATCH mode, not " +
                config.mode() + ": give withTimestamps a strategy such as " +
                "WatermarkStrategy.boundedOutOfOrderness(maxDelayMs)");
        }
        return new Job(this, config);
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
        final PipelineBuilder.Definition d = definition;
        final StringBuilder sb = new StringBuilder(128)
            .append("window=").append(d.windows.sizeMs()).append('/').append(d.windows.offsetMs())
            .append(";lateness=").append(d.allowedLatenessMs)
            .append(";key=").append(d.keyFormat.names())
            .append(";watermark=").append(d.watermarkStrategy.isNone() ? "none" :
                "bound " + d.watermarkStrategy.maxOutOfOrdernessMs())
            .append(";stages=").append(d.stages.size())
            .append(";agg=");
        for (final Aggregation<?> aggregation : d.aggregations)
        {
            sb.append(aggregation.kind()).append(aggregation.outputNames()).append(',');
        }
        return sb.toString();
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

    List<ResultSink> sinks()
    {
        return List.copyOf(definition.sinks);
    }

    ResultSink sink()
    {
        final List<ResultSink> sinks = definition.sinks;
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
