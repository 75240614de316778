package dev.sluice.flink.internal;

import dev.sluice.core.Pipeline;
import dev.sluice.core.source.Source;
import dev.sluice.flink.PipelineRecipe;

import java.io.Serializable;

/**
 * One task's copy of the pipeline description, built from the {@link PipelineRecipe} the first time a function of the
 * task asks for it (the recipe is what travels; the description it builds does not). Not thread-safe: one per
 * function instance, as Flink deserializes one per task.
 */
public final class PipelineCopy implements Serializable
{
    private static final long serialVersionUID = 1L;

    /** A task reads what Flink's source hands it: the recipe's source is never opened there. */
    private static final Source STAND_IN = () ->
    {
        throw new IllegalStateException("a Flink task reads its records from Flink's source, not from the " +
            "pipeline's: the recipe must not open its source");
    };

    private final PipelineRecipe recipe;
    private transient Pipeline pipeline;

    public PipelineCopy(final PipelineRecipe recipe)
    {
        this.recipe = recipe;
    }

    /**
     * @param recipe the recipe.
     * @param source the source to define it over.
     * @return the built description, with a sink that drops results (Flink's sinks take them).
     */
    public static Pipeline build(final PipelineRecipe recipe, final Source source)
    {
        return recipe.define(source).sink(result -> { }).build();
    }

    /**
     * @return this task's description.
     */
    public Pipeline get()
    {
        if (null == pipeline)
        {
            pipeline = build(recipe, STAND_IN);
        }
        return pipeline;
    }

    public PipelineRecipe recipe()
    {
        return recipe;
    }
}
