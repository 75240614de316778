package dev.sluice.log;

import java.nio.file.Path;

/**
 * The second process of {@link LogConcurrencyStressTest}: opens the log read-only while another
 * process writes it and tails it from the start until it has seen {@code count} records, checking
 * that record {@code n} carries sequence {@code n} and a good checksum of its own. Prints
 * {@code ready} once it reads, then {@code ok N} and exits 0, or {@code fail ...} and exits 1.
 *
 * <p>Arguments: log directory, record count.
 */
public final class LogTailChild
{
    private LogTailChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final long count = Long.parseLong(args[1]);
        final long deadlineMs = System.currentTimeMillis() + 120_000;
        final long[] next = {0, -1};
        try (Log log = Log.openReadOnly(dir); LogReader reader = log.openReader(log.startPosition()))
        {
            System.out.println("ready");
            System.out.flush();
            long polls = 0;
            while (next[0] < count)
            {
                if (System.currentTimeMillis() > deadlineMs)
                {
                    throw new AssertionError("saw " + next[0] + " of " + count + " records before the deadline");
                }
                reader.poll((buffer, offset, length, position) ->
                {
                    final long sequence = LogFixtures.checkSequenced(buffer, offset, length);
                    if (sequence != next[0] || position <= next[1])
                    {
                        throw new AssertionError("record " + next[0] + " at " + position + " carries sequence " +
                            sequence + " (previous position " + next[1] + ")");
                    }
                    next[0]++;
                    next[1] = position;
                }, 1 + (int)(polls % 64));
                if (++polls % 512 == 0)
                {
                    // walks the writer's newest segment from this process too, while it grows
                    final long lag = reader.lagRecords();
                    if (lag < 0 || reader.recordNumber() != next[0])
                    {
                        throw new AssertionError("lag " + lag + ", record number " + reader.recordNumber());
                    }
                }
            }
            System.out.println("ok " + next[0]);
            System.out.flush();
            System.exit(0);
        }
        catch (final Throwable ex)
        {
            System.out.println("fail at record " + next[0] + ": " + ex);
            ex.printStackTrace();
            System.out.flush();
            System.exit(1);
        }
    }
}
