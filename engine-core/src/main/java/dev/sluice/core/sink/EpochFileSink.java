package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Exactly-once CSV output: one file per checkpoint epoch, written under a pending name, forced at the
 * checkpoint's pre-commit and renamed into place when the checkpoint is durable. A reader that reads
 * only committed files ({@code part-<epoch>.csv}) never sees a torn line or a duplicate.
 *
 * <pre>
 *   dir/part-00000000000000000001.csv           committed: results up to checkpoint 1
 *   dir/part-00000000000000000002.csv           committed: results after checkpoint 1, up to 2
 *   dir/part-00000000000000000003.csv.pending   being written: results after checkpoint 2
 * </pre>
 *
 * Each line: {@code seq,window_start,window_end,<key columns>,<fields>,update}, where {@code seq}
 * numbers the job's results from 0 in emission order: the result's identity, the same on every replay.
 * Each file starts with that header line. Not thread-safe: used by the job thread.
 */
public final class EpochFileSink implements TransactionalSink
{
    public static final String PREFIX = "part-";
    public static final String SUFFIX = ".csv";
    public static final String PENDING_SUFFIX = ".csv.pending";

    private final Path dir;
    private ResultSchema schema;
    private final ResultLineFormat format = new ResultLineFormat();
    private FileChannel channel;
    private BufferedWriter writer;
    private long epoch = 1;
    private long sequence;
    private long committedEpoch;

    /**
     * @param dir    the output directory, owned by this job: on a fresh start its part files are removed.
     * @param schema the pipeline's result schema, for the header line.
     */
    public EpochFileSink(final Path dir)
    {
        this(dir, null);
    }

    /**
     * @param dir    the output directory, owned by this job: on a fresh start its part files are removed.
     * @param schema the pipeline's result schema, for the header line; null to take it from {@link #init}.
     */
    public EpochFileSink(final Path dir, final ResultSchema schema)
    {
        this.dir = dir;
        this.schema = schema;
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create output directory " + dir + "; give a writable directory", ex);
        }
    }

    public void init(final ResultSchema schema)
    {
        if (null == this.schema)
        {
            this.schema = schema;
        }
    }

    /**
     * @return the output directory.
     */
    public Path directory()
    {
        return dir;
    }

    public Path outputDirectory()
    {
        return dir;
    }

    public void restore(final StateInput mark)
    {
        final long restoredEpoch;
        committedEpoch = -1; // unknown: commit() lists the directory
        if (mark == null)
        {
            restoredEpoch = 0;
            sequence = 0;
        }
        else
        {
            restoredEpoch = mark.getLong();
            sequence = mark.getLong();
            if (restoredEpoch < 1 || sequence < 0)
            {
                throw new dev.sluice.core.checkpoint.CorruptCheckpointException(mark.file(), "commit mark of " +
                    "EpochFileSink " + dir + " (epoch " + restoredEpoch + ", sequence " + sequence + ") is invalid");
            }
            // the checkpoint is durable, so its epochs must be visible: finish a commit a crash interrupted
            commit(restoredEpoch);
        }
        // everything after the restored checkpoint is replayed, identically: drop what it wrote
        for (final long[] part : parts())
        {
            if (part[0] > restoredEpoch)
            {
                delete(part[1] == 1 ? pending(part[0]) : committed(part[0]));
            }
        }
        committedEpoch = restoredEpoch;
        epoch = restoredEpoch + 1;
    }

    public void onResult(final WindowResult result)
    {
        try
        {
            if (writer == null)
            {
                open();
            }
            writer.append(format.csvLine(sequence, result));
            sequence++;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + pending(epoch), ex);
        }
    }

    public void snapshot(final long checkpointEpoch, final StateOutput mark)
    {
        if (checkpointEpoch != epoch)
        {
            throw new IllegalStateException("snapshot of epoch " + checkpointEpoch + " while writing epoch " + epoch +
                ": checkpoints must number the epochs 1, 2, 3, ...");
        }
        try
        {
            if (writer == null)
            {
                // an epoch with no results still gets a file, so that every epoch's commit is visible
                open();
            }
            writer.flush();
            channel.force(true);
            writer.close();
            writer = null;
            channel = null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot make " + pending(epoch) + " durable", ex);
        }
        mark.putLong(checkpointEpoch).putLong(sequence);
        epoch = checkpointEpoch + 1;
    }

    /**
     * Commits every pending epoch up to {@code checkpointEpoch}: its own, and any whose checkpoint write failed
     * (and was tolerated) before. Idempotent.
     */
    public void commit(final long checkpointEpoch)
    {
        Path pending = null;
        try
        {
            if (committedEpoch == checkpointEpoch - 1)
            {
                // the common case: one file, no directory listing
                pending = pending(checkpointEpoch);
                if (Files.exists(pending))
                {
                    Files.move(pending, committed(checkpointEpoch), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            else
            {
                for (final long[] part : parts())
                {
                    if (part[1] == 1 && part[0] <= checkpointEpoch)
                    {
                        pending = pending(part[0]);
                        Files.move(pending, committed(part[0]), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
            // no directory force: if a machine crash loses this rename, the restore of the (durable) checkpoint
            // commits the epoch again; a kill of the process loses nothing the kernel has

        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot commit " + pending + ": " + ex, ex);
        }
        committedEpoch = Math.max(committedEpoch, checkpointEpoch);
    }

    /**
     * @return the highest epoch whose file is committed.
     */
    public long committedEpoch()
    {
        return committedEpoch;
    }

    /**
     * @return results received so far: the next result's sequence.
     */
    public long sequence()
    {
        return sequence;
    }

    public void close()
    {
        try
        {
            if (writer != null)
            {
                writer.close();
                writer = null;
                channel = null;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close " + pending(epoch), ex);
        }
    }

    /**
     * @return the committed files of an output directory, oldest epoch first.
     */
    public static List<Path> committedFiles(final Path dir)
    {
        final List<Path> files = new ArrayList<>();
        for (final long[] part : parts(dir))
        {
            if (part[1] == 0)
            {
                files.add(dir.resolve(name(part[0], SUFFIX)));
            }
        }
        return files;
    }

    private void open() throws IOException
    {
        channel = FileChannel.open(pending(epoch), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
        writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
            1 << 16);
        writer.append(format.csvHeader(schema, true));
    }

    private List<long[]> parts()
    {
        return parts(dir);
    }

    /**
     * @return {epoch, 1 if pending else 0} of each part file, by epoch.
     */
    private static List<long[]> parts(final Path dir)
    {
        final List<long[]> parts = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*"))
        {
            for (final Path file : stream)
            {
                final String name = file.getFileName().toString();
                final boolean pending = name.endsWith(PENDING_SUFFIX);
                final String suffix = pending ? PENDING_SUFFIX : SUFFIX;
                if (!name.endsWith(suffix) || name.length() != PREFIX.length() + 20 + suffix.length())
                {
                    continue;
                }
                try
                {
                    parts.add(new long[] {Long.parseLong(name.substring(PREFIX.length(), PREFIX.length() + 20)),
                        pending ? 1 : 0});
                }
                catch (final NumberFormatException ex)
                {
                    // not ours
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list output directory " + dir, ex);
        }
        parts.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        return Collections.unmodifiableList(parts);
    }

    private Path pending(final long epoch)
    {
        return dir.resolve(name(epoch, PENDING_SUFFIX));
    }

    private Path committed(final long epoch)
    {
        return dir.resolve(name(epoch, SUFFIX));
    }

    private static String name(final long epoch, final String suffix)
    {
        return String.format("%s%020d%s", PREFIX, epoch, suffix);
    }

    private static void delete(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove " + file + " written after the restored checkpoint", ex);
        }
    }
}
