package dev.sluice.core.function;


/**
 * Decides what happens to a record whose decoding or user function threw. Called on the job thread, before any
 * window state was changed by that record, so the engine's state stays consistent whatever the decision.
 */
@FunctionalInterface
public interface RecordErrorHandler
{
    /**
     * @param position log position of the record.
     * @param error    what was thrown.
     * @return {@code true} to skip the record (counted in {@link dev.sluice.core.JobReport#recordsSkipped()}); to
     * fail the job, throw (typically a {@link JobFailedException} naming the position).
     */
    boolean onRecordError(long position, RuntimeException error);

    /**
     * The default: fail the job with a message naming the position.
     *
     * @return a handler that throws {@link JobFailedException}.
     */
    static RecordErrorHandler failJob()
    {
        return (position, error) ->
        {
            throw new JobFailedException(
                "record at log position " + position + " could not be processed (" + error +
                "); fix the producer or the codec, or build the pipeline with " +
                "onRecordError(RecordErrorHandler.skipAndCount()) to skip such records",
                position,
                error);
        };
    }

    /**
     * @return a handler that skips every failing record; the job counts them.
     */
    static RecordErrorHandler skipAndCount()
    {
        return (position, error) -> true;
    }
}
