package dev.sluice.examples;

import dev.sluice.examples.architectures.OrdersLambda;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sluice lambda}: the Lambda architecture of the design notes over JSON orders ({@link OrdersLambda}). Prints
 * what each layer does, writes the served view as the CSV of {@code orders-by-product-region}, checks it against
 * one BATCH run and ends with {@code rows=R rejected=J sha256=<hex>}. Exit code 1 when the check fails.
 */
@Command(
    name = "lambda",
    mixinStandardHelpOptions = true,
    description = {
        "Ingest JSON lines of orders into a log while a batch layer (BATCH up to a cutoff it moves), a speed layer " +
            "(STREAMING from the cutoff) and a serving layer (both merged per product and region) run one " +
            "definition of orders-by-product-region; write the served view as CSV and check it against a full " +
            "BATCH run.",
        "The last line is 'rows=<R> rejected=<J> sha256=<hex>'; exit code 1 when the served view differs from the " +
            "BATCH run."})
public final class LambdaCommand implements Callable<Integer>
{
    @Option(names = "--input", paramLabel = "FILE", required = true,
        description = "JSON lines of orders (examples/workloads/orders-json.md), e.g. from 'sluice orders --format " +
            "json --count 100000 --out FILE'.")
    Path input;

    @Option(names = "--dir", paramLabel = "D",
        description = "Directory for the log and the rejected lines (" + "rejects.tsv" + "): new or empty (default: " +
            "a temporary directory, deleted afterwards).")
    Path dir;

    @Option(names = "--output", paramLabel = "OUT",
        description = "File the served view's CSV goes to, replaced if it exists (default: standard output).")
    Path output;

    @Option(names = "--rate", paramLabel = "LINES_PER_S", defaultValue = "50000",
        description = "Lines the writer thread ingests a second, so that the layers run while orders arrive; 0 for " +
            "as fast as it can (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--batch-every-ms", paramLabel = "MS", defaultValue = "250",
        description = "Time between two runs of the batch layer while orders arrive; it runs at least twice " +
            "(default: ${DEFAULT-VALUE}).")
    long batchEveryMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call() throws Exception
    {
        return ArchitectureRuns.runIn(spec, "lambda", input, dir, rate, "--batch-every-ms", batchEveryMs, runDir ->
        {
            final PrintWriter out = spec.commandLine().getOut();
            try (PrintWriter csv = null == output ? null : new PrintWriter(Files.newBufferedWriter(output,
                StandardCharsets.UTF_8)))
            {
                return OrdersLambda.run(runDir, input, rate, batchEveryMs, out, null == csv ? out : csv)
                    .matchesBatch();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write " + output + ": " + ex.getMessage(), ex);
            }
        });
    }
}
