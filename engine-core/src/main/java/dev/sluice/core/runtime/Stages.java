package dev.sluice.core.runtime;

import dev.sluice.core.Emitter;
import dev.sluice.core.FlatMapFunction;

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
     * @param function the map function.
     * @return a map stage definition.
     */
    @SuppressWarnings("unchecked")
    public static Stage map(final Function<?, ?> function)
    {
        final Function<Object, Object> f = (Function<Object, Object>)function;
        return downstream -> new MapStage(f, downstream);
    }

    /**
     * @param predicate keeps the events it accepts.
     * @return a filter stage definition.
     */
    @SuppressWarnings("unchecked")
    public static Stage filter(final Predicate<?> predicate)
    {
        final Predicate<Object> p = (Predicate<Object>)predicate;
        return downstream -> new FilterStage(p, downstream);
    }

    /**
     * @param function the flatMap function.
     * @return a flatMap stage definition.
     */
    @SuppressWarnings("unchecked")
    public static Stage flatMap(final FlatMapFunction<?, ?> function)
    {
        final FlatMapFunction<Object, Object> f = (FlatMapFunction<Object, Object>)function;
        return downstream -> new FlatMapStage(f, downstream);
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
