package dev.sluice.core;

/**
 * What the runners that start threads of their own ({@link ParallelJob}'s workers, {@link LambdaJob}'s speed layer,
 * {@link KappaDeployment}'s versions) share: waiting for one to end.
 */
final class Threads
{
    private Threads()
    {
    }

    /**
     * Waits until {@code thread} has ended, however often the caller is interrupted meanwhile; the caller's
     * interrupt status is set again afterwards. The thread must already have been told to stop.
     */
    static void join(final Thread thread)
    {
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
