package dev.sluice.examples;

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
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
        "Append JSON lines of orders (examples/workloads/orders-json.md) to the log in a run directory.",
        "Each rejected line goes to D/" + RejectsFile.FILE_NAME + " with its line number and the reason; the last " +
            "line is 'accepted=<N> rejected=<M>'."})
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
        try (Log log = Log.open(dir, LogConfig.defaults());
            RejectsFile rejects = new RejectsFile(dir.resolve(RejectsFile.FILE_NAME), input);
            InputStream in = stdin ? new StandardInput() : Files.newInputStream(inputPath))
        {
            final long before = log.recordCount();
            final OrdersJsonIngest ingest = new OrdersJsonIngest(log.appender(), rejects, maxLineBytes,
                (lines, accepted, rejected, bytes, elapsedNs) ->
                {
                    err.printf(Locale.ROOT, "ingest: %d lines, accepted=%d rejected=%d, %.1f MB in %.1f s%n",
                        lines, accepted, rejected, bytes / 1e6, elapsedNs / 1e9);
                    err.flush();
                },
                TimeUnit.SECONDS.toNanos(1));
            final OrdersJsonIngest.Result result = ingest.ingest(in);
            out.printf(Locale.ROOT, "read %d lines (%.1f MB) from %s in %d ms (%.0f lines/s); the log in %s holds " +
                    "%d events (%d before); rejected lines are in %s%n",
                result.lines(), result.bytes() / 1e6, stdin ? "standard input" : input,
                TimeUnit.NANOSECONDS.toMillis(result.elapsedNs()),
                result.elapsedNs() == 0 ? 0.0 : result.lines() * 1e9 / result.elapsedNs(), dir,
                log.recordCount(), before, rejects.path());
            out.println(result.summaryLine());
            out.flush();
            return 0;
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
