package dev.sluice.flink;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Pipeline;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.core.window.SessionWindows;
import dev.sluice.flink.internal.AccumulatorType;
import dev.sluice.flink.internal.DecodeRecords;
import dev.sluice.flink.internal.LateEvents;
import dev.sluice.flink.internal.PipelineCopy;
import dev.sluice.flink.internal.PositionedEvent;
import dev.sluice.flink.internal.RecipeAggregate;
import dev.sluice.flink.internal.RecipeKey;
import dev.sluice.flink.internal.RecipeSessionWindows;
import dev.sluice.flink.internal.RecipeTrigger;
import dev.sluice.flink.internal.RecipeWatermarks;
import dev.sluice.flink.internal.RecipeWindows;
import dev.sluice.flink.internal.ResultWindowFunction;
import dev.sluice.flink.source.LogRecord;
import dev.sluice.flink.source.LogRecordSource;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Translates a pipeline description into a Flink DataStream job: the runner for a pipeline that outgrows one machine.
 * It reads the description and builds, in Flink's terms, what the local runner builds from it:
 * <pre>
 *   source --records--> decode: codec, stages --events--> timestamps + watermarks (the description's strategy)
 *     --keyBy(key or key id)--> window(the description's assigner, trigger: final, late updates, early results)
 *     --aggregate(each aggregation's own column, one slot per (window, key))--> results (SluiceResult)
 *                                                     \--late side output--> count, late-event handler
 * </pre>
 * Flink's runtime modes BATCH and STREAMING run it; the results are those of the local runner in the same mode (the
 * orders-5m checksums, with late events too). In STREAMING the log is read in order by one reader, so that the
 * watermark every window sees is the local runner's; the keyed windows run at the environment's parallelism. BATCH
 * reads the log's record ranges in parallel. Object reuse is switched on, as Sluice's codecs and functions expect.
 * <p>
 * What Flink cannot honour is refused here, with a {@link PipelineDefinitionException} naming it, never changed:
 * MICRO_BATCH (Flink has no such mode), early results every N &gt; 1 events (they count the job's events across
 * keys, which a Flink trigger of one window and key cannot see), times finer than Flink's milliseconds, a source
 * Flink cannot read (an in-memory log), a recipe that does not serialize, and what the local runner refuses too
 * (early results in BATCH, no watermark in STREAMING, BATCH over a source without end).
 */
public final class FlinkRunner
{
    private FlinkRunner()
    {
    }

    /**
     * @param env    the Flink environment to add the job to (its parallelism is the windows').
     * @param mode   BATCH or STREAMING.
     * @param source the pipeline's source: a {@link LogSource} (a range for BATCH or STREAMING, or its tail for
     *               STREAMING).
     * @param recipe the pipeline up to its sinks; called here over {@code source} and again on every task.
     * @return the translated job.
     * @throws PipelineDefinitionException naming what does not translate.
     */
    public static FlinkJob translate(
        final StreamExecutionEnvironment env, final ExecutionMode mode, final Source source, final PipelineRecipe recipe)
    {
        if (!(source instanceof LogSource logSource))
        {
            throw new PipelineDefinitionException("source " + source + " cannot be read by Flink: only a LogSource " +
                "translates (an in-memory log lives in one JVM's memory); write the records into a Log, or give " +
                "Flink's own source of their payloads to FlinkRunner.translateRecords");
        }
        final Pipeline description = describe(recipe, source, mode);
        if (mode == ExecutionMode.BATCH && !logSource.isBounded())
        {
            throw new PipelineDefinitionException(source + " follows the tail and has no end, which BATCH needs: " +
                "use LogSource.range(log) (or a to... bound) for BATCH, or run STREAMING");
        }
        // STREAMING reads the log in order, one reader, so every window sees the local runner's watermark
        final int readers = mode == ExecutionMode.BATCH ? env.getParallelism() : 1;
        final LogRecordSource records = LogRecordSource.of(logSource, mode == ExecutionMode.BATCH ? 4 * readers : 1);
        return build(env, mode, description, recipe, env.fromSource(records,
            org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(), "sluice-log " +
                logSource.log().directory(), TypeInformation.of(LogRecord.class)).setParallelism(readers));
    }

    /**
     * Translate over another Flink source of the records' payloads, e.g. a Kafka topic (the pipeline's codec decodes
     * them as it decodes a log's records).
     *
     * @param env     the Flink environment (its parallelism is the windows').
     * @param mode    BATCH (the source must be bounded) or STREAMING.
     * @param records the records, as a Flink source of {@link LogRecord}s (position: the Kafka offset, say).
     * @param name    the source's name in Flink.
     * @param recipe  the pipeline up to its sinks, defined over a stand-in source that refuses to open.
     * @return the translated job.
     * @throws PipelineDefinitionException naming what does not translate.
     */
    public static FlinkJob translateRecords(
        final StreamExecutionEnvironment env,
        final ExecutionMode mode,
        final org.apache.flink.api.connector.source.Source<LogRecord, ?, ?> records,
        final String name,
        final PipelineRecipe recipe)
    {
        final Pipeline description = describe(recipe, () ->
        {
            throw new IllegalStateException("the records come from Flink's source " + name);
        }, mode);
        if (mode == ExecutionMode.BATCH &&
            records.getBoundedness() != org.apache.flink.api.connector.source.Boundedness.BOUNDED)
        {
            throw new PipelineDefinitionException("source " + name + " is unbounded, and BATCH needs an end: bound it " +
                "(e.g. KafkaSource.builder().setBounded(OffsetsInitializer.latest())) or run STREAMING");
        }
        return build(env, mode, description, recipe, env.fromSource(records,
            org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(), name,
            TypeInformation.of(LogRecord.class)));
    }

    private static Pipeline describe(final PipelineRecipe recipe, final Source source, final ExecutionMode mode)
    {
        if (mode == ExecutionMode.MICRO_BATCH)
        {
            throw new PipelineDefinitionException("MICRO_BATCH has no Flink runtime mode: run BATCH (bounded input, " +
                "every window fires at its end) or STREAMING (the watermark after every event)");
        }
        final Pipeline description = PipelineCopy.build(recipe, source);
        final EarlyResults early = description.earlyResults();
        if (early.isEveryPoll() || early.isOnRequest())
        {
            throw new PipelineDefinitionException(early + " follows the local job's polls and requests, which a " +
                "Flink job has not: use EarlyResults.everyEvent() or EarlyResults.every(interval, unit)");
        }
        if (mode == ExecutionMode.BATCH && early.isEnabled())
        {
            throw new PipelineDefinitionException("early results (" + early + ") in BATCH mode: a BATCH job reads " +
                "its whole input before any window closes, so it has no running values to show; run it STREAMING, " +
                "or build the pipeline without earlyResults(...)");
        }
        if (mode == ExecutionMode.STREAMING && description.watermarkStrategy().isNone())
        {
            throw new PipelineDefinitionException("WatermarkStrategy.none() runs only in BATCH mode, not STREAMING: " +
                "give withTimestamps a strategy such as WatermarkStrategy.boundedOutOfOrderness(maxDelayMs)");
        }
        if (early.everyEvents() > 1)
        {
            throw new PipelineDefinitionException(early + " does not translate to Flink: it counts the job's events " +
                "across all keys, and a Flink trigger sees one window and key; use EarlyResults.everyEvent() or " +
                "EarlyResults.every(interval, unit)");
        }
        requireMillis("early results every " + early.intervalNs() + " ns", early.intervalNs());
        requireMillis("periodic watermark emission every " + description.watermarkStrategy().periodNs() + " ns",
            description.watermarkStrategy().periodNs());
        requireMillis("idle timeout of " + description.watermarkStrategy().idleTimeoutNs() + " ns",
            description.watermarkStrategy().idleTimeoutNs());
        try
        {
            InstantiationUtil.serializeObject(recipe);
        }
        catch (final IOException ex)
        {
            throw new PipelineDefinitionException("the pipeline recipe " + recipe.getClass().getName() + " does not " +
                "serialize (" + ex + "), and Flink ships it to every task: capture only serializable values in it " +
                "(paths as strings, numbers), and make what it needs inside it");
        }
        return description;
    }

    private static void requireMillis(final String what, final long ns)
    {
        if (ns % TimeUnit.MILLISECONDS.toNanos(1) != 0)
        {
            throw new PipelineDefinitionException(what + " does not translate: Flink's timers and watermark " +
                "intervals count whole milliseconds; give a whole number of milliseconds");
        }
    }

    private static FlinkJob build(
        final StreamExecutionEnvironment env,
        final ExecutionMode mode,
        final Pipeline description,
        final PipelineRecipe recipe,
        final SingleOutputStreamOperator<LogRecord> records)
    {
        env.setRuntimeMode(mode == ExecutionMode.BATCH ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        // Sluice's codecs decode into a reused object and its functions expect it: Flink copies nothing between them
        env.getConfig().enableObjectReuse();
        final WatermarkStrategy<?> strategy = description.watermarkStrategy();
        if (strategy.periodNs() > 0)
        {
            env.getConfig().setAutoWatermarkInterval(TimeUnit.NANOSECONDS.toMillis(strategy.periodNs()));
        }
        final PipelineCopy copy = new PipelineCopy(recipe);
        final int upstream = records.getParallelism();

        final DataStream<PositionedEvent> events = records
            .flatMap(new DecodeRecords(copy), TypeInformation.of(PositionedEvent.class))
            .name("sluice-decode").setParallelism(upstream)
            .assignTimestampsAndWatermarks(new RecipeWatermarks(copy))
            .name("sluice-event-time").setParallelism(upstream);

        final boolean merging = description.windows().isMerging();
        final EarlyResults early = description.earlyResults();
        final RecipeTrigger trigger = new RecipeTrigger(merging, early.everyEvents() == 1,
            TimeUnit.NANOSECONDS.toMillis(early.intervalNs()));
        final WindowedStream<PositionedEvent, Long, TimeWindow> windowed = events
            .keyBy(new RecipeKey(copy), Types.LONG)
            .window(merging ? new RecipeSessionWindows(((SessionWindows)description.windows()).gapMs(), trigger) :
                new RecipeWindows(copy, trigger))
            .trigger(trigger);
        if (description.allowedLatenessMs() > 0)
        {
            windowed.allowedLateness(Duration.ofMillis(description.allowedLatenessMs()));
        }
        final OutputTag<PositionedEvent> lateTag =
            new OutputTag<>("sluice-late-events", TypeInformation.of(PositionedEvent.class));
        windowed.sideOutputLateData(lateTag);

        final SingleOutputStreamOperator<SluiceResult> results = windowed
            .aggregate(new RecipeAggregate(copy), new ResultWindowFunction(copy, merging), new AccumulatorType(copy),
                new AccumulatorType(copy), TypeInformation.of(SluiceResult.class))
            .name("sluice-window " + description.windows());
        results.getSideOutput(lateTag)
            .process(new LateEvents(copy), Types.VOID).name("sluice-late-events")
            .sinkTo(new DiscardingSink<>()).name("sluice-late-events-end");
        return new FlinkJob(env, mode, description, results);
    }
}
