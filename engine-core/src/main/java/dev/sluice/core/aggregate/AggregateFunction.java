package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

/**
 * A user's own aggregation: an accumulator per (window, key), folded one event at a time, merged with another
 * (session windows merge, and partial results combine), and written into and read back from checkpoints. Give
 * it to a pipeline with {@link Aggregations#of(String, LongAggregateFunction)} or
 * {@link Aggregations#of(String, DoubleAggregateFunction)}; implement one of those two, which add the result.
 * <pre>
 *   createAccumulator() --add(acc, e1)--> --add(acc, e2)--> ... --result(acc)--> long or double
 *                                 merge(acc, other) joins two accumulators of one key
 *   checkpoint: write(acc, out) ......... read(in) gives an accumulator that behaves the same from then on
 * </pre>
 * The contract, in every mode and window kind:
 * <ul>
 *   <li>{@code add} and {@code merge} may change the accumulator given and return it, or return a new one; the
 *       engine keeps what they return. An accumulator is never shared between two (window, key)s.</li>
 *   <li>{@code merge(a, b)} must equal adding b's events to a, in any order: the engine does not promise an
 *       order between events of different batches, sessions or restored runs.</li>
 *   <li>{@code add} sees each event once, while it is current: an event decoded into a reused object is
 *       not valid after {@code add} returns, so keep its values, never the event.</li>
 *   <li>{@code read} reads exactly what {@code write} wrote (the engine checks the length and names the
 *       aggregation when it differs).</li>
 * </ul>
 * Called on the job's thread only. {@code add} runs per event: the built-in aggregations allocate nothing per
 * event, and an accumulator that mutates in place keeps a user's one on that path too.
 *
 * @param <T> event type.
 * @param <A> accumulator type.
 */
public interface AggregateFunction<T, A>
{
    /**
     * @return an empty accumulator: the identity of {@link #merge}.
     */
    A createAccumulator();

    /**
     * @param accumulator the (window, key)'s accumulator.
     * @param event       the event to fold in.
     * @return the accumulator with the event folded in ({@code accumulator} itself, changed, or a new one).
     */
    A add(A accumulator, T event);

    /**
     * @param accumulator the accumulator that stays.
     * @param other       an accumulator of the same (window, key) or of a session merged into it; not used after.
     * @return both folded together.
     */
    A merge(A accumulator, A other);

    /**
     * @param accumulator the accumulator.
     * @param out         where to write its state for a checkpoint.
     */
    void write(A accumulator, StateOutput out);

    /**
     * @param in exactly the bytes {@link #write} wrote for one accumulator.
     * @return an accumulator that gives the same results, and the same after any further add or merge.
     */
    A read(StateInput in);
}
