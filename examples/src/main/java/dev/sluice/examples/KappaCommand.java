package dev.sluice.examples;

import dev.sluice.examples.architectures.OrdersKappa;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sluice kappa}: the Kappa architecture of the design notes over JSON orders ({@link OrdersKappa}). v1 serves;
 * v2 is deployed while orders arrive, replays the log, reports its lag and takes over; the run ends with
 * {@code version=v2 events=N fraud=F}. Exit code 1 when v2's output does not hold every order exactly once.
 */
@Command(
    name = "kappa",
    mixinStandardHelpOptions = true,
    description = {
        "Ingest JSON lines of orders into a log while v1 of a pass-through pipeline (event_id, user_id, amount, " +
            "event_time) serves; deploy v2 (the same and is_fraud, amount over 10000.00) while orders still " +
            "arrive, let it replay the log beside v1, report its lag and take over once its lag stays at zero.",
        "The last line is 'version=v2 events=<N> fraud=<F>'; exit code 1 when v2's output does not hold every " +
            "order of the log exactly once."})
public final class KappaCommand implements Callable<Integer>
{
    @Option(names = "--input", paramLabel = "FILE", required = true,
        description = "JSON lines of orders (examples/workloads/orders-json.md), e.g. from 'sluice orders --format " +
            "json --count 100000 --out FILE'.")
    Path input;

    @Option(names = "--dir", paramLabel = "D",
        description = "Directory for the log, the deployment (its manifest and each version's checkpoints), the " +
            "versions' output logs (output/v1, output/v2) and rejects.tsv: new or empty (default: a temporary " +
            "directory, deleted afterwards).")
    Path dir;

    @Option(names = "--rate", paramLabel = "LINES_PER_S", defaultValue = "50000",
        description = "Lines the writer thread ingests a second, so that v2 replays while orders arrive; 0 for as " +
            "fast as it can (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--checkpoint-every-ms", paramLabel = "MS", defaultValue = "250",
        description = "How often each version checkpoints (default: ${DEFAULT-VALUE}).")
    long checkpointMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call() throws Exception
    {
        return ArchitectureRuns.runIn(spec, "kappa", input, dir, rate, "--checkpoint-every-ms", checkpointMs,
            runDir -> OrdersKappa.run(runDir, input, rate, checkpointMs, spec.commandLine().getOut()).exactlyOnce());
    }
}
