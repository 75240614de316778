package dev.sluice.examples;

import dev.sluice.examples.json.IngestResumeFile;
import dev.sluice.examples.json.OrdersJsonIngest;
import dev.sluice.examples.json.RejectsFile;
import dev.sluice.examples.orders.OrdersRunDirectory;
import dev.sluice.examples.orders.RunDirectoryRefusedException;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogWriterHeldException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice ingest}: JSON lines of orders (examples/workloads/orders-json.md) appended to the log in a run
 * directory, through {@link OrdersJsonIngest}. A progress line goes to standard error once a second; the last line of
 * standard output is exactly {@code accepted=<N> rejected=<M>}. Rejected lines go to {@value RejectsFile#FILE_NAME}
 * beside the log. Bad lines never stop it: exit code 0 whatever the lines held, 2 for a usage error or a directory
 * it may not use, 1 when reading the input or writing the log fails.
 *
 * <p>Resumable for a file: every {@code --commit-lines} lines it records in {@value IngestResumeFile#FILE_NAME}
 * (atomically) the input's identity, the lines and bytes read and the log's record count then. A run over the same
 * file (path, size, modification time, first 64 KiB) starts after the recorded line, passes over the accepted lines
 * whose orders the killed run appended after its last record without appending them again, and cuts the rejects
 * file back to its recorded length before writing the rejected lines after it again: the log, the rejects file and
 * the summary line end as one uninterrupted run leaves them. Any other input (or standard input) removes the record
 * first and appends from its start.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
        "Append JSON lines of orders (examples/workloads/orders-json.md) to the log in a run directory.",
        "Each rejected line goes to D/" + RejectsFile.FILE_NAME + " with its line number and the reason; the last " +
            "line is 'accepted=<N> rejected=<M>'.",
        "Run again over the same file after it was stopped or killed, it goes on where it got to (D/" +
            IngestResumeFile.FILE_NAME + "), appending no order twice."})
public final class IngestCommand implements Callable<Integer>
{
    @Option(names = "--input", paramLabel = "FILE|-", required = true,
        description = "The JSON lines, one order per line, UTF-8; '-' for standard input.")
    String input;

    @Option(names = "--dir", paramLabel = "D", required = true,
        description = "Run directory: new or empty, or one an earlier ingest made (the events are appended to its " +
            "log, its " + RejectsFile.FILE_NAME + " grows). D/" + OrdersRunDirectory.MANIFEST_FILE + " records " +
            "what the log holds; a directory of an orders run, or of files sluice did not write, is refused.")
    Path dir;

    @Option(names = "--max-line-bytes", paramLabel = "N", defaultValue = "" + OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES,
        description = "Longest line read (default: ${DEFAULT-VALUE}); a longer one is rejected as too long and " +
            "skipped unread, so memory stays at about N bytes whatever the input holds.")
    int maxLineBytes;

    @Option(names = "--commit-lines", paramLabel = "N", defaultValue = "65536",
        description = "Lines between two records of how far the ingest of a file got, in D/" +
            IngestResumeFile.FILE_NAME + " (default: ${DEFAULT-VALUE}); each forces a small file to disk.")
    long commitLines;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        final boolean stdin = "-".equals(input);
        final Path inputPath = stdin ? null : Paths.get(input);
        if (maxLineBytes < 64 || maxLineBytes > (1 << 30))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-line-bytes " + maxLineBytes +
                " is outside 64.." + (1 << 30) + "; an order's line takes about 140 bytes");
        }
        if (commitLines < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--commit-lines " + commitLines +
                " must be >= 1");
        }
        if (!stdin && !Files.isRegularFile(inputPath))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input " + input + (Files.exists(inputPath) ?
                " is not a regular file" : " does not exist") + ": give a file of JSON lines, or - for standard input");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try
        {
            OrdersRunDirectory.prepare(dir, OrdersJsonIngest.runManifest());
        }
        catch (final RunDirectoryRefusedException ex)
        {
            err.println(spec.commandLine().getColorScheme().errorText("sluice: " + ex.getMessage()));
            err.flush();
            return 2;
        }
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            // the input's identity and the state of its last ingest here, when it is the same input
            final IngestResumeFile fresh = stdin ? null : IngestResumeFile.start(inputPath);
            final IngestResumeFile recorded = stdin ? null : IngestResumeFile.read(dir);
            final IngestResumeFile resumed = null != recorded && recorded.sameInput(fresh) ? recorded : null;
            final long before = log.recordCount();
            if (null == resumed)
            {
                // another input appends: a state left here no longer matches the log's end
                IngestResumeFile.delete(dir);
            }
            else if (before < resumed.logRecords())
            {
                err.println(spec.commandLine().getColorScheme().errorText("sluice: the log in " + dir + " holds " +
                    before + " events, fewer than the " + resumed.logRecords() + " it held after line " +
                    resumed.lines() + " of " + input + " (" + IngestResumeFile.FILE_NAME + "): it lost some; " +
                    "ingest into a new --dir"));
                err.flush();
                return 1;
            }
            else
            {
                // rows of lines after the last commit may be in the file: they are written again
                truncate(dir.resolve(RejectsFile.FILE_NAME), resumed.rejectsBytes());
            }
            return ingest(log, fresh, resumed, before, stdin, inputPath, out, err);
        }
        catch (final LogWriterHeldException ex)
        {
            err.println(spec.commandLine().getColorScheme().errorText("sluice: another sluice process is using " +
                dir + "; wait for it or give another --dir"));
            err.flush();
            return 1;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("reading " + (stdin ? "standard input" : input) + " failed: " +
                OrdersRunDirectory.reason(ex) + "; the lines accepted before are in the log in " + dir, ex);
        }
    }

    private Integer ingest(
        final Log log, final IngestResumeFile fresh, final IngestResumeFile resumed, final long before,
        final boolean stdin, final Path inputPath, final PrintWriter out, final PrintWriter err) throws IOException
    {
        final long linesBefore = null == resumed ? 0 : resumed.lines();
        final long bytesBefore = null == resumed ? 0 : resumed.bytes();
        final long acceptedBefore = null == resumed ? 0 : resumed.accepted();
        final long rejectedBefore = null == resumed ? 0 : resumed.rejected();
        // orders appended after the last commit: their lines are read again, not appended again
        final long alreadyAppended = null == resumed ? 0 : before - resumed.logRecords();
        final String resumedNote = null == resumed ? "" : String.format(Locale.ROOT,
            " (resumed after line %d, %.1f MB, of an earlier run)", linesBefore, bytesBefore / 1e6);
        if (null != resumed)
        {
            err.printf(Locale.ROOT, "ingest: %s was ingested here up to line %d (%d bytes): %s%n", input,
                linesBefore, bytesBefore, resumed.complete() ? "nothing left to read" :
                    "resuming after it" + (alreadyAppended > 0 ? ", the next " + alreadyAppended +
                        " accepted lines already in the log" : ""));
            err.flush();
        }
        try (RejectsFile rejects = new RejectsFile(dir.resolve(RejectsFile.FILE_NAME), input);
            InputStream in = stdin ? new StandardInput() : Files.newInputStream(inputPath))
        {
            in.skipNBytes(bytesBefore);
            final OrdersJsonIngest ingest = new OrdersJsonIngest(log.appender(), rejects, maxLineBytes,
                (lines, accepted, rejected, bytes, elapsedNs) ->
                {
                    err.printf(Locale.ROOT, "ingest: %d lines, accepted=%d rejected=%d, %.1f MB in %.1f s%s%n",
                        lines, acceptedBefore + accepted, rejectedBefore + rejected, bytes / 1e6, elapsedNs / 1e9,
                        resumedNote);
                    err.flush();
                },
                TimeUnit.SECONDS.toNanos(1));
            if (!stdin)
            {
                ingest.commits((lines, bytes, accepted, rejected) ->
                {
                    rejects.flush();
                    fresh.after(lines, bytesBefore + bytes, log.recordCount(), acceptedBefore + accepted,
                        rejectedBefore + rejected, size(rejects.path())).write(dir);
                }, commitLines);
            }
            final OrdersJsonIngest.Result result = ingest.ingest(in, linesBefore, alreadyAppended);
            out.printf(Locale.ROOT, "read %d lines (%.1f MB) from %s in %d ms (%.0f lines/s)%s; the log in %s holds " +
                    "%d events (%d before); rejected lines are in %s%n",
                result.lines() - linesBefore, result.bytes() / 1e6, stdin ? "standard input" : input,
                TimeUnit.NANOSECONDS.toMillis(result.elapsedNs()),
                result.elapsedNs() == 0 ? 0.0 : (result.lines() - linesBefore) * 1e9 / result.elapsedNs(),
                resumedNote, dir, log.recordCount(), before, rejects.path());
            // the whole input's counts, over every run that read part of it
            out.println(new OrdersJsonIngest.Result(result.lines(), acceptedBefore + result.accepted(),
                rejectedBefore + result.rejected(), bytesBefore + result.bytes(), result.elapsedNs()).summaryLine());
            out.flush();
            return 0;
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot read the length of " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static void truncate(final Path file, final long length) throws IOException
    {
        if (Files.exists(file))
        {
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE))
            {
                channel.truncate(length);
            }
        }
    }

    /** Standard input, left open when the ingest closes its input. */
    private static final class StandardInput extends java.io.FilterInputStream
    {
        StandardInput()
        {
            super(System.in);
        }

        public void close()
        {
        }
    }
}
