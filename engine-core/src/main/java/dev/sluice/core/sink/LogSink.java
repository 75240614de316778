package dev.sluice.core.sink;

import dev.sluice.log.Log;
import dev.sluice.log.LogAppender;
import dev.sluice.log.LogClaim;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Writes each result into another log, in place ({@code tryClaim}/{@code commit}, no copy), in the layout of
 * {@link ResultRecordDescriptor}. Back pressure is waited out with an idle strategy; a closed log fails the job.
 * Not thread-safe: the log's single appender, used by the job thread.
 */
public final class LogSink implements ResultSink
{
    private final Log log;
    private final LogAppender appender;
    private final LogClaim claim = new LogClaim();
    private final IdleStrategy idleStrategy;
    private long records;

    /**
     * @param log a log opened for writing; this sink is its only appender.
     */
    public LogSink(final Log log)
    {
        this(log, new YieldingIdleStrategy());
    }

    /**
     * @param log          a log opened for writing.
     * @param idleStrategy how to wait while the log is back pressured.
     */
    public LogSink(final Log log, final IdleStrategy idleStrategy)
    {
        this.log = log;
        this.appender = log.appender();
        this.idleStrategy = idleStrategy;
    }

    public void onResult(final WindowResult result)
    {
        final int length = ResultRecordDescriptor.length(result.fieldCount());
        idleStrategy.reset();
        long position;
        while ((position = appender.tryClaim(length, claim)) < 0)
        {
            if (position == LogAppender.CLOSED)
            {
                throw new IllegalStateException("result log " + log.directory() + " is closed; keep it open " +
                    "until the job that writes to it has finished");
            }
            idleStrategy.idle();
        }
        ResultRecordDescriptor.encode(result, claim.buffer(), claim.offset());
        claim.commit();
        records++;
    }

    public void flush()
    {
        // committed records are visible to readers at once; durability follows the log's own Durability policy
    }

    /**
     * @return results written.
     */
    public long records()
    {
        return records;
    }
}
