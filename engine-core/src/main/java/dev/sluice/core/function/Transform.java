package dev.sluice.core.function;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One stateless step of a {@link dev.sluice.core.Pipeline} between the codec and the key: the user's function as
 * given, so that any runner can read the chain and translate it ({@link dev.sluice.core.Pipeline#transforms()}).
 * A runner handles each kind; a kind it does not know is refused when it plans the pipeline, never skipped.
 */
public sealed interface Transform permits Transform.Map, Transform.Filter, Transform.FlatMap
{
    /**
     * @return the name of the step, as the builder method that made it.
     */
    String name();

    /**
     * Each event becomes {@code function.apply(event)}.
     *
     * @param function the user's function.
     */
    record Map(Function<?, ?> function) implements Transform
    {
        public Map
        {
            Objects.requireNonNull(function, "function");
        }

        public String name()
        {
            return "map";
        }
    }

    /**
     * Events for which {@code predicate} is false are dropped.
     *
     * @param predicate the user's predicate.
     */
    record Filter(Predicate<?> predicate) implements Transform
    {
        public Filter
        {
            Objects.requireNonNull(predicate, "predicate");
        }

        public String name()
        {
            return "filter";
        }
    }

    /**
     * Each event becomes zero or more events, pushed by {@code function}.
     *
     * @param function the user's function.
     */
    record FlatMap(FlatMapFunction<?, ?> function) implements Transform
    {
        public FlatMap
        {
            Objects.requireNonNull(function, "function");
        }

        public String name()
        {
            return "flatMap";
        }
    }
}
