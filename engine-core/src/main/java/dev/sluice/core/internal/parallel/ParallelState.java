package dev.sluice.core.internal.parallel;

import dev.sluice.core.checkpoint.CheckpointException;
import dev.sluice.core.checkpoint.CorruptCheckpointException;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of a parallel job's checkpoint, assembled by the sink thread from the workers' parts:
 * <pre>
 *   | format (int) | mode (int) | done (byte) | workers (int) | inputs (int) | 10 job counters (long each) |
 *   | per worker, a section: its inputs (count, per input: index, position, record number, ended, idle, tracker) |
 *   | per worker, a section: its operator state and key dictionary |
 * </pre>
 * Every input appears in exactly one worker's section (the worker that read it). A restore at any parallelism
 * moves each input to its new reader, and gives each new worker the keys it owns from every state section.
 */
public final class ParallelState
{
    public static final int FORMAT = 1;
    /** Job counters, in this order, in a checkpoint and in a worker's part. */
    public static final int RECORDS_IN = 0;
    public static final int RECORDS_SKIPPED = 1;
    public static final int LAST_ERROR_POSITION = 2;
    public static final int BATCHES = 3;
    public static final int EVENTS_IN = 4;
    public static final int EVENTS_LATE = 5;
    public static final int EVENTS_LATE_ACCEPTED = 6;
    public static final int WINDOWS_FIRED = 7;
    public static final int RESULTS_EMITTED = 8;
    public static final int UPDATES_EMITTED = 9;
    public static final int COUNTERS = 10;

    private ParallelState()
    {
    }

    /**
     * A checkpoint body read back.
     *
     * @param modeOrdinal    the mode it was taken in.
     * @param done           true when the job had finished.
     * @param workers        the parallelism it was taken at.
     * @param counters       the job's counters when it was taken.
     * @param inputSections  per old worker, its inputs.
     * @param stateSections  per old worker, its operator state and keys.
     */
    public record Restored(
        int modeOrdinal, boolean done, int workers, long[] counters, List<StateInput> inputSections,
        List<StateInput> stateSections)
    {
    }

    /**
     * Adds a worker's counters to {@code totals} (the last error position is the highest).
     */
    public static void addCounters(final long[] totals, final long[] counters)
    {
        for (int i = 0; i < COUNTERS; i++)
        {
            totals[i] = i == LAST_ERROR_POSITION ? Math.max(totals[i], counters[i]) : totals[i] + counters[i];
        }
    }

    /**
     * Writes the body from the workers' parts (each read after its marker).
     *
     * @param base    the counters the job was restored with.
     * @param workers each worker's part, in worker order.
     */
    public static void write(
        final StateOutput out, final int modeOrdinal, final boolean done, final long[] base,
        final StateOutput[] workers, final int inputCount)
    {
        final long[] totals = base.clone();
        final long[] counters = new long[COUNTERS];
        final StateInput[] parts = new StateInput[workers.length];
        for (int w = 0; w < workers.length; w++)
        {
            parts[w] = workers[w].asInput();
            for (int i = 0; i < COUNTERS; i++)
            {
                counters[i] = parts[w].getLong();
            }
            addCounters(totals, counters);
        }
        out.putInt(FORMAT).putInt(modeOrdinal).putByte((byte)(done ? 1 : 0)).putInt(workers.length).putInt(inputCount);
        for (final long total : totals)
        {
            out.putLong(total);
        }
        for (int w = 0; w < workers.length; w++)
        {
            copySection(out, workers[w], parts[w]);
        }
        for (int w = 0; w < workers.length; w++)
        {
            copySection(out, workers[w], parts[w]);
            parts[w].expectEnd();
        }
    }

    /**
     * Reads a body {@link #write} wrote.
     *
     * @param inputCount the inputs of the job restoring it: they must be those it was taken with.
     */
    public static Restored read(final StateInput in, final int inputCount, final int modeOrdinal,
        final String[] modeNames)
    {
        final int format = in.getInt();
        if (format != FORMAT)
        {
            throw new CorruptCheckpointException(in.file(), "parallel job state format " + format + " is not " +
                FORMAT + ", the one this release reads");
        }
        final int mode = in.getInt();
        if (mode != modeOrdinal)
        {
            final String was = mode >= 0 && mode < modeNames.length ? modeNames[mode] : "mode " + mode;
            throw new CheckpointException("checkpoint " + in.file() + " was taken by a " + was + " run; resume it " +
                "in " + was + ", or run " + modeNames[modeOrdinal] + " with another checkpoint directory");
        }
        final boolean done = in.getByte() != 0;
        final int workers = in.getInt();
        final int inputs = in.getInt();
        if (workers < 1 || workers > Long.SIZE)
        {
            throw new CorruptCheckpointException(in.file(), "parallelism " + workers + " is out of range");
        }
        if (inputs != inputCount)
        {
            throw new CheckpointException("checkpoint " + in.file() + " was taken over a source of " + inputs +
                " partitions, this job's source has " + inputCount + ": resume it over the same partitioned log, or" +
                " start afresh with another checkpoint directory");
        }
        final long[] counters = new long[COUNTERS];
        for (int i = 0; i < COUNTERS; i++)
        {
            counters[i] = in.getLong();
        }
        final List<StateInput> inputSections = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++)
        {
            inputSections.add(in.section("inputs of worker " + w));
        }
        final List<StateInput> stateSections = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++)
        {
            stateSections.add(in.section("state of worker " + w));
        }
        return new Restored(mode, done, workers, counters, inputSections, stateSections);
    }

    /**
     * Copies the next section of {@code part} as it is, length and all.
     */
    private static void copySection(final StateOutput out, final StateOutput part, final StateInput reader)
    {
        final int at = part.length() - reader.remaining();
        final int length = reader.section("worker part").remaining();
        out.putBytes(part.buffer(), at + Integer.BYTES, length);
    }
}
