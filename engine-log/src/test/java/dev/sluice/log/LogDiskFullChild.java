package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link LogDiskFullTest}: opens the log for writing and appends self-checking records
 * ({@link LogFixtures#fillSequenced}, record {@code n} carries sequence {@code n}) until the file system is
 * full (back pressured for 1 s on end), then prints {@code full COUNT REASON} and exits 0. A refused open prints {@code refused REASON} and
 * exits 3. A JVM killed by a fault on a mapped write exits 134 and leaves an hs_err file instead.
 *
 * <p>Arguments: log directory, segment length, max record length, prepare segments (true/false), and optionally
 * the retention in bytes.
 */
public final class LogDiskFullChild
{
    private LogDiskFullChild()
    {
    }

    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final LogConfig config = LogConfig.builder()
            .segmentLength(Integer.parseInt(args[1]))
            .maxRecordLength(Integer.parseInt(args[2]))
            .prepareSegments(Boolean.parseBoolean(args[3]))
            .retentionBytes(args.length > 4 ? Long.parseLong(args[4]) : Long.MAX_VALUE)
            .build();
        final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        final Log log;
        try
        {
            log = Log.open(Path.of(args[0]), config);
        }
        catch (final LogException ex)
        {
            out.write(("refused " + ex.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            System.exit(3);
            return;
        }
        try (log)
        {
            final LogAppender appender = log.appender();
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[config.maxRecordLength()]);
            long sequence = log.recordCount();
            out.write(("open " + sequence + "\n").getBytes(StandardCharsets.US_ASCII));
            while (true)
            {
                final int length = LogFixtures.sequencedLength(sequence, config.maxRecordLength());
                LogFixtures.fillSequenced(payload, 0, length, sequence);
                long position = appender.append(payload, 0, length);
                // back pressure can pass: a segment being made ahead holds space until the appender takes it
                final long deadlineMs = System.currentTimeMillis() + 1_000;
                while (position == LogAppender.BACK_PRESSURED && System.currentTimeMillis() < deadlineMs)
                {
                    Thread.sleep(10);
                    position = appender.append(payload, 0, length);
                }
                if (position == LogAppender.BACK_PRESSURED)
                {
                    final LogException reason = appender.rollFailure();
                    out.write(("full " + sequence + " " + (reason == null ? "no reason" : reason.getMessage()) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (position < 0)
                {
                    throw new IllegalStateException("append refused: " + position);
                }
                sequence++;
            }
        }
    }
}
