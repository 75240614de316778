package dev.sluice.examples;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Parallelism;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.examples.compare.CompareDirectory;
import dev.sluice.examples.compare.CompareSettings;
import dev.sluice.examples.compare.Comparison;
import dev.sluice.examples.compare.ComparisonReport;
import dev.sluice.examples.compare.Durations;
import dev.sluice.examples.compare.LoadSpec;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.examples.orders.RunDirectoryRefusedException;
import dev.sluice.log.LogWriterHeldException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice compare}: the orders-5m query in BATCH, MICRO_BATCH and STREAMING side by side, measured three
 * ways (throughput over a log written first, latency under a fixed-rate producer, a rate sweep), with a report in
 * {@code <dir>/report/}. Progress goes to standard error, the summary tables to standard output. The work is in
 * {@link Comparison} and {@link ComparisonReport}; this class parses and checks options.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = "Run orders-5m in batch, micro-batch and streaming over the same workload and measure them side " +
        "by side: throughput over a log written first (a cold one-shot job each), latency under a fixed-rate " +
        "producer (event-to-result and window-final, from each event's due time, in HdrHistograms) and the rate " +
        "at which each stops keeping up. Writes DIR/report/: report.md, report.html, .hgrm files and PNG charts.")
public final class CompareCommand implements Callable<Integer>
{
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "sluice-data",
        description = "Directory of the run (default: ./${DEFAULT-VALUE}). New, empty or one an earlier compare " +
            "made; anything else is refused and left as it was. Holds the throughput log (reused by a later run " +
            "of the same --events), the logs under load while they run, and report/.")
    Path dir;

    @Option(names = "--events", paramLabel = "N", defaultValue = "10000000",
        description = "Events of the throughput log (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "200000",
        description = "Offered rate of the runs under load, events/s (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--duration", paramLabel = "T", defaultValue = "20s",
        description = "How long each mode runs under load, e.g. 20s, 2m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", paramLabel = "T", defaultValue = "0s",
        description = "Runs under load: how long the producer and the job run before --duration starts; events due " +
            "in it are shown second by second but left out of the percentiles, and the report says so. A fresh " +
            "JVM compiling the job while events arrive is a real cost, so there is none by default " +
            "(default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--window", paramLabel = "T", defaultValue = "1s",
        description = "Tumbling window size under load, where event time is the wall clock, so a run of seconds " +
            "must close windows (default: ${DEFAULT-VALUE}). The throughput runs are orders-5m: 5-minute windows " +
            "over the workload's event time.")
    String window;

    @Option(names = "--trigger", paramLabel = "T", defaultValue = "100ms",
        description = "micro-batch: processing time between triggers (default: ${DEFAULT-VALUE}).")
    String trigger;

    @Option(names = "--batch-every", paramLabel = "T", defaultValue = "5s",
        description = "batch: its schedule under load, a run over what arrived every T (default: ${DEFAULT-VALUE}).")
    String batchEvery;

    @Option(names = "--early", paramLabel = "POLICY", defaultValue = "every-event",
        description = "micro-batch and streaming under load: when open windows show running values: every-event, " +
            "every-N-events (e.g. every-1000-events), every-T (e.g. every-100ms) or none (default: ${DEFAULT-VALUE}).")
    String early;

    @Option(names = "--checkpoint-every", paramLabel = "N|T",
        description = "micro-batch and streaming under load: checkpoint every N events or T (e.g. 5s); their cost " +
            "goes into the table (default: none).")
    String checkpointEvery;

    @Option(names = "--modes", paramLabel = "LIST", defaultValue = "batch,micro-batch,streaming", split = ",",
        description = "Modes to run, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--parallelism", paramLabel = "LIST", defaultValue = "1", split = ",",
        description = "Parallelisms P the throughput and load phases run each mode at, comma-separated, e.g. 1,2 " +
            "(1.." + Parallelism.MAX_WORKERS + "). 1 is the job on one thread; P > 1 a parallel job of P workers " +
            "over the orders in P partitions by key in the throughput phase (as 'sluice orders --parallelism P " +
            "--partitions P' runs it: each worker reads its own keys' partition), over the producer's one log " +
            "under load. Without late events every P gives P = 1's checksum. The sweep runs at the lowest P " +
            "(default: ${DEFAULT-VALUE}).")
    List<String> parallelism;

    @Option(names = "--budget", paramLabel = "T", defaultValue = "1s",
        description = "Latency budget T of the crossover table: which modes fit V < R x T (default: ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--sweep", paramLabel = "RATES", defaultValue = "250000,500000,1000000,2000000,4000000",
        split = ",",
        description = "Offered rates of the sweep, ascending; each mode runs them in turn until it stops keeping " +
            "up. 'none' skips it (default: ${DEFAULT-VALUE}).")
    List<String> sweep;

    @Option(names = "--sweep-step", paramLabel = "T", defaultValue = "3s",
        description = "How long each rate of the sweep runs, at least two triggers or schedules and a second more " +
            "(default: ${DEFAULT-VALUE}).")
    String sweepStep;

    @Option(names = "--seed", defaultValue = "" + OrdersWorkload.DEFAULT_SEED,
        description = "PRNG seed of the orders (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--late-every", paramLabel = "K", defaultValue = "0",
        description = "Every K-th event is late by --late-delay, in every phase (default: ${DEFAULT-VALUE}: none).")
    long lateEvery;

    @Option(names = "--late-delay", paramLabel = "T", defaultValue = "60s",
        description = "How late a late event is (default: ${DEFAULT-VALUE}).")
    String lateDelay;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        final CompareSettings settings;
        try
        {
            settings = settings();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Comparison.Result result;
        try
        {
            result = new Comparison(settings, err).run();
        }
        catch (final RunDirectoryRefusedException ex)
        {
            err.println(spec.commandLine().getColorScheme().errorText("sluice: " + ex.getMessage()));
            err.flush();
            return 2;
        }
        catch (final LogWriterHeldException ex)
        {
            err.println(spec.commandLine().getColorScheme().errorText("sluice: another sluice process is using " +
                dir + "; wait for it or give another --dir"));
            err.flush();
            return 1;
        }
        final Path reportDir = ComparisonReport.write(result, dir.resolve(CompareDirectory.REPORT));
        out.print(ComparisonReport.summary(result));
        out.printf("report: %s (and report.md, .hgrm files, charts)%n", reportDir.resolve("report.html"));
        out.flush();
        return 0;
    }

    private CompareSettings settings()
    {
        requirePositive("--events", events);
        requirePositive("--rate", rate);
        if (lateEvery < 0)
        {
            throw new IllegalArgumentException("--late-every " + lateEvery + " must be 0 (no late events) or more");
        }
        final long durationNs = positiveDuration("--duration", duration);
        final long warmupNs = Durations.parseNanos("--warmup", warmup);
        if (warmupNs < 0)
        {
            throw new IllegalArgumentException("--warmup " + warmup + " must be 0s (none) or longer");
        }
        final long windowNs = positiveDuration("--window", window);
        if (windowNs % 1_000_000 != 0)
        {
            throw new IllegalArgumentException("--window " + window + " is not a whole number of milliseconds: " +
                "event times are in ms");
        }
        final long triggerNs = positiveDuration("--trigger", trigger);
        final long batchEveryNs = positiveDuration("--batch-every", batchEvery);
        final long budgetNs = positiveDuration("--budget", budget);
        final long sweepStepNs = positiveDuration("--sweep-step", sweepStep);
        final long lateDelayMs = TimeUnit.NANOSECONDS.toMillis(positiveDuration("--late-delay", lateDelay));
        final List<ExecutionMode> chosen = new ArrayList<>();
        for (final String name : modes)
        {
            final ExecutionMode mode;
            try
            {
                mode = OrdersRun.parseMode(name.trim());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--modes: " + ex.getMessage());
            }
            if (!chosen.contains(mode))
            {
                chosen.add(mode);
            }
        }
        if (chosen.contains(ExecutionMode.MICRO_BATCH) && triggerNs > durationNs)
        {
            throw new IllegalArgumentException("--trigger " + trigger + " is longer than the run (--duration " +
                duration + "): no micro-batch would run before the end; give a shorter --trigger or a longer " +
                "--duration");
        }
        if (chosen.contains(ExecutionMode.BATCH) && batchEveryNs > durationNs)
        {
            throw new IllegalArgumentException("--batch-every " + batchEvery + " is longer than the run " +
                "(--duration " + duration + "): no scheduled batch would run before the end; give a shorter " +
                "--batch-every or a longer --duration");
        }
        if (null != checkpointEvery)
        {
            // checked here, so that a bad value is a usage error and not a failed run
            LoadSpec.checkpointConfig(checkpointEvery, dir);
        }
        final List<Long> sweepRates = new ArrayList<>();
        if (!(sweep.size() == 1 && sweep.get(0).trim().equalsIgnoreCase("none")))
        {
            for (final String text : sweep)
            {
                final long r;
                try
                {
                    r = Long.parseLong(text.trim().replace("_", ""));
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException("--sweep " + text + " is not a rate in events/s: give rates " +
                        "like 250000,500000 or none");
                }
                requirePositive("--sweep", r);
                sweepRates.add(r);
            }
            sweepRates.sort(null);
        }
        final List<Integer> parallelisms = parallelisms(parallelism);
        final EarlyResults earlyResults = LoadSpec.parseEarlyResults(early);
        final LoadSpec load = new LoadSpec(chosen.get(0), rate, durationNs, windowNs / 1_000_000, triggerNs,
            batchEveryNs, earlyResults, checkpointEvery, seed, lateEvery, lateDelayMs, 1, warmupNs);
        return new CompareSettings(dir, events, seed, lateEvery, chosen, load, early.toLowerCase(Locale.ROOT),
            budgetNs, sweepRates, sweepStepNs, parallelisms);
    }

    /**
     * @param texts the values of --parallelism.
     * @return them as worker counts, distinct, ascending.
     */
    static List<Integer> parallelisms(final List<String> texts)
    {
        final List<Integer> parallelisms = new ArrayList<>();
        for (final String text : texts)
        {
            final int p;
            try
            {
                p = Integer.parseInt(text.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--parallelism " + text + " is not a number of workers: give " +
                    "parallelisms like 1,2");
            }
            if (p < 1 || p > Parallelism.MAX_WORKERS)
            {
                // at most the workers a parallel job takes, which is also below the 128 key groups of one log
                throw new IllegalArgumentException("--parallelism " + text + " is outside 1.." +
                    Parallelism.MAX_WORKERS + " (worker threads of the parallel job)");
            }
            if (!parallelisms.contains(p))
            {
                parallelisms.add(p);
            }
        }
        parallelisms.sort(null);
        return parallelisms;
    }

    private static void requirePositive(final String option, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(option + " " + value + " must be greater than 0");
        }
    }

    private static long positiveDuration(final String option, final String text)
    {
        final long ns = Durations.parseNanos(option, text);
        if (ns <= 0)
        {
            throw new IllegalArgumentException(option + " " + text + " must be longer than 0");
        }
        return ns;
    }
}
