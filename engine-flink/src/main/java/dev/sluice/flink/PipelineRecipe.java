package dev.sluice.flink;

import dev.sluice.core.PipelineBuilder;
import dev.sluice.core.source.Source;

import java.io.Serializable;

/**
 * A pipeline as the Flink runner takes it: a serializable recipe that defines the description up to its sinks,
 * e.g. {@code source -> Orders5m.define(source, 5_000)}.
 * <p>
 * A Sluice pipeline holds the user's functions as plain Java lambdas, and Flink ships functions to its task managers
 * by Java serialization. Rather than make every function of the embedded engine {@code Serializable}, the runner
 * ships this recipe: the client calls it once with the job's source to read and translate the description (and to
 * refuse what does not translate), and every Flink task calls it again, with a stand-in source that refuses to open,
 * to get the codec, stages, key, windows and aggregations it runs. So the recipe must give the same description
 * every time and must not open, start or write anything itself (a lambda or a class with a no-argument
 * constructor in the job's jar; whatever it captures must be serializable).
 * <p>
 * Sinks are Flink's ({@link FlinkJob#results()}, {@code ResultFiles}, {@link FlinkJob#run}): a Sluice sink is an
 * object in one JVM, so the recipe stops before {@code sink(...)}.
 */
@FunctionalInterface
public interface PipelineRecipe extends Serializable
{
    /**
     * @param source the source to define the pipeline over (the job's on the client; a stand-in on a Flink task).
     * @return the definition up to its sinks: the runner adds its own and builds it.
     */
    PipelineBuilder<?> define(Source source);
}
