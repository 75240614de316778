package dev.sluice.core.internal;

import dev.sluice.core.function.Emitter;
import dev.sluice.core.function.FlatMapFunction;
import dev.sluice.core.function.Transform;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The built-in stateless stages. Each is a final class calling the next stage directly: one thread, no queue,
 * no per-event allocation beyond what the user's function does (return a reused object from a map to avoid it).
 */
public final class Stages
{
    private Stages()
    {
    }

    /**
     * Links one step of a pipeline's description into the push chain of a job on this thread.
     *
     * @param transform  the step, with the user's function.
     * @param downstream the next stage.
     * @return the step, pushing into {@code downstream}.
     */
    @SuppressWarnings("unchecked")
    public static Emitter<Object> link(final Transform transform, final Emitter<Object> downstream)
    {
        if (transform instanceof Transform.Map map)
        {
            return new MapStage((Function<Object, Object>)map.function(), downstream);
        }
        if (transform instanceof Transform.Filter filter)
        {
            return new FilterStage((Predicate<Object>)filter.predicate(), downstream);
        }
        if (transform instanceof Transform.FlatMap flatMap)
        {
            return new FlatMapStage((FlatMapFunction<Object, Object>)flatMap.function(), downstream);
        }
        throw new IllegalArgumentException("the local runner cannot run a " + transform.name() + " step");
    }

    static final class MapStage implements Emitter<Object>
    {
        private final Function<Object, Object> function;
        private final Emitter<Object> downstream;

        MapStage(final Function<Object, Object> function, final Emitter<Object> downstream)
        {
            this.function = function;
            this.downstream = downstream;
        }

        public void emit(final Object event)
        {
            downstream.emit(function.apply(event));
        }
    }

    static final class FilterStage implements Emitter<Object>
    {
        private final Predicate<Object> predicate;
        private final Emitter<Object> downstream;

        FilterStage(final Predicate<Object> predicate, final Emitter<Object> downstream)
        {
            this.predicate = predicate;
            this.downstream = downstream;
        }

        public void emit(final Object event)
        {
            if (predicate.test(event))
            {
                downstream.emit(event);
            }
        }
    }

    static final class FlatMapStage implements Emitter<Object>
    {
        private final FlatMapFunction<Object, Object> function;
        private final Emitter<Object> downstream;

        FlatMapStage(final FlatMapFunction<Object, Object> function, final Emitter<Object> downstream)
        {
            this.function = function;
            this.downstream = downstream;
        }

        public void emit(final Object event)
        {
            function.flatMap(event, downstream);
        }
    }
}
