package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link LogCrashTest}: opens the log for writing (fsync on every append unless told
 * otherwise) and appends self-checking records until it is killed, printing each acknowledged record as
 * {@code ack SEQUENCE POSITION} on one line, written with one system call once the append returned.
 * Record {@code n} of the log carries sequence {@code n}. Mixes plain appends, committed claims and
 * aborted claims.
 *
 * <p>Arguments: log directory, segment length, max record length, and optionally a {@link Durability} name.
 */
public final class LogCrashChild
{
    private LogCrashChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path dir = Path.of(args[0]);
        final LogConfig config = LogConfig.builder()
            .segmentLength(Integer.parseInt(args[1]))
            .maxRecordLength(Integer.parseInt(args[2]))
            .durability(args.length > 3 ? Durability.valueOf(args[3]) : Durability.FSYNC_EACH_APPEND)
            .build();
        final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        final long deadlineMs = System.currentTimeMillis() + 60_000;
        try (Log log = Log.open(dir, config))
        {
            final LogAppender appender = log.appender();
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[config.maxRecordLength()]);
            final LogClaim claim = new LogClaim();
            long sequence = log.recordCount();
            out.write(("open " + sequence + " " + log.tailPosition() + " " + log.recoveredCutBytes() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
            // the parent kills us long before this; the deadline only keeps an orphan from running forever
            while (System.currentTimeMillis() < deadlineMs)
            {
                final int length = LogFixtures.sequencedLength(sequence, config.maxRecordLength());
                final long position;
                if (sequence % 5 == 0)
                {
                    // a claim that is given back leaves nothing behind
                    if (appender.tryClaim(length, claim) < 0)
                    {
                        throw new IllegalStateException("claim refused");
                    }
                    claim.buffer().setMemory(claim.offset(), length, (byte)0x5A);
                    claim.abort();
                }
                if (sequence % 3 == 0)
                {
                    position = appender.tryClaim(length, claim);
                    if (position >= 0)
                    {
                        LogFixtures.fillSequenced(claim.buffer(), claim.offset(), length, sequence);
                        claim.commit();
                    }
                }
                else
                {
                    LogFixtures.fillSequenced(payload, 0, length, sequence);
                    position = appender.append(payload, 0, length);
                }
                if (position < 0)
                {
                    throw new IllegalStateException("append refused: " + position);
                }
                out.write(("ack " + sequence + " " + position + "\n").getBytes(StandardCharsets.US_ASCII));
                sequence++;
            }
        }
    }
}
