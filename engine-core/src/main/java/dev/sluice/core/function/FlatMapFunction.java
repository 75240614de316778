package dev.sluice.core.function;

/**
 * Turns one event into zero or more, pushed into {@code out} during the call. The emitter is the next stage
 * itself, so no collection is built; an emitted object may be reused for the next emission.
 *
 * @param <I> input type.
 * @param <O> output type.
 */
@FunctionalInterface
public interface FlatMapFunction<I, O>
{
    void flatMap(I event, Emitter<O> out);
}
