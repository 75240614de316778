package dev.sluice.core.internal;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.Emitter;

/**
 * The keyed window aggregation at the end of a job's stage chain, as the job drives it: events in
 * ({@link #emit}), watermarks that fire windows, end of input, counters and checkpoints. One per job, on the job
 * thread. {@link WindowOperator} runs the windows that do not merge; {@link SessionWindowOperator} the sessions.
 *
 * @param <T> event type.
 */
public interface KeyedWindowOperator<T> extends Emitter<T>
{
    /**
     * Set the record the next events come from (for the side output and latency).
     *
     * @param position log position of the record.
     * @param appendNs its append time, epoch ns.
     */
    void onRecord(long position, long appendNs);

    /**
     * Publish a new watermark: fire the windows it passes and free those past their allowed lateness. A watermark
     * not above the current one changes nothing.
     *
     * @return windows fired by this call.
     */
    int advanceWatermark(long newWatermark);

    /**
     * Feed the next events' times to {@code tracker} instead (a parallel job's worker: the tracker of the input it is
     * reading, whose watermark depends on every event of that input).
     *
     * @param tracker the tracker to feed.
     */
    void feedEventTimesTo(WatermarkTracker<T> tracker);

    /**
     * Judge the next events' lateness against {@code max(watermark(), inputWatermark)}: the watermark of the input
     * they come from, as of the record before them. A parallel job's worker fires windows at the minimum over all
     * inputs, which may lag the input an event comes from; judging each event by its own input's watermark makes
     * lateness a function of that input alone, the same at any parallelism. A job on one thread never calls it: its
     * lateness is judged against {@link #watermark()}.
     *
     * @param inputWatermark the watermark of the input of the next events.
     */
    void judgeLatenessAgainst(long inputWatermark);

    /**
     * Take over the state {@code other} holds for the keys {@code keep} accepts (restoring a checkpoint taken at
     * another parallelism: each worker takes its keys from every old worker's state): their windows or sessions with
     * accumulators and flags, and the higher of the two watermarks. Counters are not taken over.
     *
     * @param other an operator of the same pipeline, restored from a checkpoint, not used afterwards.
     * @param keep  the keys to take.
     */
    void absorb(KeyedWindowOperator<T> other, java.util.function.LongPredicate keep);

    /**
     * Re-emit what events within allowed lateness changed since it last emitted.
     */
    void flushUpdates();

    /**
     * End of input: emit pending updates and fire every open window.
     */
    void fireAll();

    /**
     * Early results by processing time, when they are due; called once per duty cycle.
     */
    void emitEarlyResultsIfDue(long nowNs);

    /**
     * Emit now the running value of every (window, key) of an open window changed since its last early result
     * (nothing when early results are off: changes are tracked only with them).
     */
    void emitEarlyResults();

    /**
     * @param consumer told every key that has state in an open window or waits in the operator (a key may come
     *                 more than once); for a key dictionary to forget the others.
     */
    void forEachKey(java.util.function.LongConsumer consumer);

    long watermark();

    long eventsIn();

    long eventsLate();

    long eventsLateAccepted();

    long windowsFired();

    long resultsEmitted();

    long updatesEmitted();

    long earlyResultsEmitted();

    int openWindows();

    /**
     * @return the most (window, key) slots held at once so far; 0 where not tracked (sessions, pass-through).
     */
    default int peakStateSlots()
    {
        return 0;
    }

    /**
     * Write the operator's watermark, counters and all window state into a checkpoint.
     */
    void snapshot(StateOutput out);

    /**
     * Restore what {@link #snapshot} wrote into this fresh operator.
     */
    void restore(StateInput in);
}
