package dev.sluice.core.internal.parallel;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What the sink thread of a parallel job tells its workers, and how a worker's failure reaches the others: the
 * checkpoint asked for, the checkpoint whose parts are all in (so the workers that took theirs may go on), a stop.
 * Written by the sink thread (a failure by any thread), read by the workers once per duty cycle and in every wait, so
 * that no worker waits for a failed or stopped one.
 */
public final class ParallelControl
{
    private volatile long requestedCheckpointId;
    private volatile long releasedCheckpointId;
    private volatile boolean stopRequested;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * Asks every worker for its part of checkpoint {@code id} (ids rise by one, one checkpoint at a time).
     */
    public void requestCheckpoint(final long id)
    {
        requestedCheckpointId = id;
    }

    public long requestedCheckpointId()
    {
        return requestedCheckpointId;
    }

    /**
     * Every worker's part of checkpoint {@code id} is in: the workers waiting after theirs go on.
     */
    public void releaseCheckpoint(final long id)
    {
        releasedCheckpointId = id;
    }

    public long releasedCheckpointId()
    {
        return releasedCheckpointId;
    }

    /**
     * Every worker returns at its next duty cycle, or from any wait.
     */
    public void stop()
    {
        stopRequested = true;
    }

    public boolean isStopRequested()
    {
        return stopRequested;
    }

    /**
     * Records the first failure of any thread of the job and stops every worker.
     */
    public void fail(final Throwable cause)
    {
        failure.compareAndSet(null, cause);
        stopRequested = true;
    }

    /**
     * @return the first failure, or null.
     */
    public Throwable failure()
    {
        return failure.get();
    }

    /**
     * Thrown inside a worker that was waiting (for room in a queue, for a checkpoint) when the job stopped: it unwinds
     * the worker's thread, which then ends quietly.
     */
    public static final class StoppedException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        StoppedException()
        {
            super("parallel job stopped", null, false, false);
        }
    }

    /**
     * @throws StoppedException when the job was stopped or failed.
     */
    void checkRunning()
    {
        if (stopRequested)
        {
            throw new StoppedException();
        }
    }
}
