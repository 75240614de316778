package dev.sluice.examples.compare;

import dev.sluice.core.CheckpointStats;
import dev.sluice.core.ExecutionMode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report of a compare run, in {@code <dir>/report/}: {@value #MARKDOWN} and {@value #HTML} with the same tables
 * (the HTML with the charts, and nothing it loads from elsewhere, so it opens from disk), a percentile file
 * ({@code .hgrm}, HdrHistogram's text format, values in µs) per mode and latency kind, and three PNG charts. Every
 * file is rewritten by each run; nothing else in the directory is touched. Stateless.
 */
public final class ComparisonReport
{
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    public static final String PERCENTILES_CHART = "latency-percentiles.png";
    public static final String THROUGHPUT_CHART = "throughput.png";
    public static final String OVER_TIME_CHART = "latency-over-time.png";
    public static final String EVENT_TO_RESULT = "event-to-result";
    public static final String WINDOW_FINAL = "window-final";
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};
    private static final String[] CHARTS = {PERCENTILES_CHART, THROUGHPUT_CHART, OVER_TIME_CHART};
    private static final String[] CHART_TITLES = {"Latency by percentile", "Throughput", "Latency over time"};

    private ComparisonReport()
    {
    }

    /**
     * @param result what was measured.
     * @param dir    the report directory, made if needed.
     * @return {@code dir}.
     */
    public static Path write(final Comparison.Result result, final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
            final List<String> names = new ArrayList<>();
            final List<java.awt.Color> colours = new ArrayList<>();
            final List<ReportCharts.Curve> curves = new ArrayList<>();
            final List<LatencySeries> overTime = new ArrayList<>();
            final List<Integer> parallelisms = result.settings().parallelisms();
            for (final LoadResult load : result.load())
            {
                final ExecutionMode mode = load.spec().mode();
                final int p = load.spec().parallelism();
                final String name = Comparison.label(mode, p);
                final java.awt.Color colour = ReportCharts.colour(mode, parallelisms.indexOf(p));
                names.add(name);
                colours.add(colour);
                writeHgrm(load.eventToResult().total(), dir.resolve(hgrmFile(mode, p, EVENT_TO_RESULT)));
                writeHgrm(load.windowFinal().total(), dir.resolve(hgrmFile(mode, p, WINDOW_FINAL)));
                curves.add(new ReportCharts.Curve(name + " event-to-result", load.eventToResult().total(), false,
                    colour));
                curves.add(new ReportCharts.Curve(name + " window-final", load.windowFinal().total(), true,
                    colour));
                overTime.add(load.eventToResult());
            }
            final String load = Figures.rate(result.settings().load().eventsPerSecond()) + " events/s offered";
            ReportCharts.percentiles("Latency by percentile, " + load + " (dashed: window-final)", curves,
                dir.resolve(PERCENTILES_CHART));
            // a group of bars a parallelism; with P = 1 alone, one group as before
            final boolean byParallelism = !parallelisms.equals(List.of(1));
            ReportCharts.throughput("Throughput over " + String.format(Locale.ROOT, "%,d", result.settings()
                .events()) + " orders written beforehand", result.throughput().stream()
                .map(t -> Comparison.name(t.mode())).toList(), result.throughput().stream()
                .map(t -> byParallelism ? "P=" + t.parallelism() + (t.parallelism() == 1 ? " (one thread)" : "") :
                "orders-5m, cold one-shot job").toList(), result.throughput().stream()
                .map(ThroughputRun.Result::eventsPerSecond).toList(), dir.resolve(THROUGHPUT_CHART));
            ReportCharts.overTime("Event-to-result latency over time, " + load + " (solid p99, dashed max)", names,
                colours, overTime, dir.resolve(OVER_TIME_CHART));

            final List<ReportTable> tables = tables(result);
            Files.writeString(dir.resolve(MARKDOWN), markdown(result, tables), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(HTML), html(result, tables), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the report in " + dir + ": " + ex.getMessage(), ex);
        }
        return dir;
    }

    /**
     * @param mode a mode.
     * @param kind {@link #EVENT_TO_RESULT} or {@link #WINDOW_FINAL}.
     * @return the name of its percentile file.
     */
    public static String hgrmFile(final ExecutionMode mode, final String kind)
    {
        return hgrmFile(mode, 1, kind);
    }

    /**
     * @param mode        a mode.
     * @param parallelism its parallelism.
     * @param kind        {@link #EVENT_TO_RESULT} or {@link #WINDOW_FINAL}.
     * @return the name of its percentile file: as at P = 1, with "-pn" after the mode otherwise.
     */
    public static String hgrmFile(final ExecutionMode mode, final int parallelism, final String kind)
    {
        return Comparison.fileName(mode, parallelism) + "-" + kind + ".hgrm";
    }

    /**
     * @param result what was measured.
     * @return the tables as plain text, for the terminal.
     */
    public static String summary(final Comparison.Result result)
    {
        final StringBuilder sb = new StringBuilder(4096);
        for (final ReportTable table : tables(result))
        {
            sb.append(table.text());
        }
        return sb.toString();
    }

    private static void writeHgrm(final Histogram histogram, final Path file) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            // HdrHistogram's percentile distribution, values in µs (ns scaled by 1000)
            histogram.outputPercentileDistribution(out, 1000.0);
        }
    }

    static List<ReportTable> tables(final Comparison.Result result)
    {
        final CompareSettings settings = result.settings();
        final LoadSpec spec = settings.load();
        final List<ReportTable> tables = new ArrayList<>();
        final String offered = Figures.rate(spec.eventsPerSecond()) + " events/s offered for " +
            Figures.duration(spec.durationNs()) + ", " + Figures.duration(spec.windowMillis() * 1e6) + " windows" +
            (spec.warmupNs() == 0 ? ", no warm-up (a fresh JVM's compiling is in the figures)" :
            ", after a warm-up of " + Figures.duration(spec.warmupNs()) + " whose events are left out of the " +
            "percentiles (shown in the latency over time)");

        final ReportTable words = new ReportTable("The table the design notes should have had",
            "Measured on this machine, the same orders-5m pipeline in each mode. Throughput: a cold one-shot job, " +
            "each in a fresh JVM, over " + String.format(Locale.ROOT, "%,d", settings.events()) +
            " orders written beforehand. " +
            "Latencies: under load, " + offered + ", from each event's due time. Micro-batch trigger " +
            Figures.duration(spec.triggerNs()) + ", batch schedule every " + Figures.duration(spec.batchEveryNs()) +
            ", early results " + settings.earlyName() + "." + parallelNote(settings), header("dimension", result));
        words.row(cells("throughput, events/s", result, (m, p) ->
            Figures.rate(throughput(result, m, p).eventsPerSecond())));
        words.row(cells("time to first / complete result", result, (m, p) ->
            Figures.duration(throughput(result, m, p).firstNs()) + " / " +
            Figures.duration(throughput(result, m, p).completeNs())));
        words.row(cells("event-to-result p50 / p99 / max", result, (m, p) ->
            percentiles(load(result, m, p).eventToResult())));
        words.row(cells("window-final p50 / p99 / max", result, (m, p) ->
            percentiles(load(result, m, p).windowFinal())));
        words.row(cells("late events counted / accepted / dropped", result, (m, p) ->
            load(result, m, p).lateCounted() + " / " + load(result, m, p).lateAccepted() + " / " +
            load(result, m, p).lateDropped()));
        words.row(cells("result against a batch recount", result, (m, p) -> recount(load(result, m, p))));
        words.row(cells("checkpoint cost", result, (m, p) -> checkpointCost(load(result, m, p))));
        words.row(cells("peak state, (window, key) groups", result, (m, p) -> String.format(Locale.ROOT, "%,d",
            load(result, m, p).peakStateGroups())));
        words.row(cells("peak heap in use", result, (m, p) -> Figures.mebibytes(load(result, m, p).peakHeapBytes())));
        words.row(cells("garbage collections during the run", result, (m, p) -> load(result, m, p).gcPauses() +
            ", " + Figures.duration(load(result, m, p).gcPauseNs()) + " in all"));
        words.row(cells("kept up at the offered rate", result, (m, p) -> load(result, m, p).keptUp() ? "yes" : "no"));
        words.row(cells("stops keeping up at", result, (m, p) -> stopsAt(result, m, p)));
        tables.add(words);

        final ReportTable throughputTable = new ReportTable("Throughput",
            "Each mode a one-shot job in a JVM of its own (the JIT and the heap cold, as for a user's process) " +
            "over the same log of " + String.format(Locale.ROOT, "%,d", settings.events()) + " orders (" +
            result.logDir().getFileName() + "), opened afresh: new mappings, every record's checksum checked on " +
            "this first read; timed from opening the log, the JVM's start left out. The three checksums agree: " +
            (result.checksumsAgree() ? "yes" : "no" + (settings.lateEvery() > 0 ? " (late events: modes differ " +
            "by what they drop)" : "")) + "." + (settings.parallelisms().size() > 1 ? " In each mode every P's " +
            "checksum equals P = " + settings.parallelisms().get(0) + "'s: " + (result.parallelChecksumsAgree() ?
            "yes" : "NO") + "." : ""),
            "mode", "P", "events/s", "first result", "complete result", "rows", "late dropped", "sha256");
        for (final ThroughputRun.Result t : result.throughput())
        {
            throughputTable.row(Comparison.name(t.mode()), Integer.toString(t.parallelism()),
                Figures.rate(t.eventsPerSecond()),
                Figures.duration(t.firstNs()), Figures.duration(t.completeNs()), Integer.toString(t.rows()),
                Long.toString(t.lateDropped()), t.checksum());
        }
        tables.add(throughputTable);

        tables.add(latencyTable("Event-to-result latency", "From each event's due time until the queryable view " +
            "shows its effect (the running value of its window where the mode shows one), " + offered + ".",
            result, true));
        tables.add(latencyTable("Window-final latency", "From the moment each (window, key) could first be final " +
            "(window end plus the watermark bound) until its final result was emitted, " + offered + ".", result,
            false));

        final double budgetSeconds = settings.budgetNs() / 1e9;
        final ReportTable crossover = new ReportTable("Crossover: which modes fit a latency budget of " +
            Figures.duration(settings.budgetNs()), "The design notes' formula V < R x T with measured figures: R " +
            "the mode's measured throughput, T the budget (--budget), V = the offered rate x T, the events that " +
            "arrive within one budget. A mode fits when V < R x T and its event-to-result p99 under load is " +
            "within T.", "mode", "P", "R, events/s", "R x T", "V", "V < R x T", "event-to-result p99", "p99 <= T",
            "fits");
        for (final ExecutionMode mode : settings.modes())
        {
            for (final int p : settings.parallelisms())
            {
                final double r = throughput(result, mode, p).eventsPerSecond();
                final double v = spec.eventsPerSecond() * budgetSeconds;
                final LoadResult load = load(result, mode, p);
                final Histogram e2r = load.eventToResult().total();
                final boolean volume = v < r * budgetSeconds;
                final boolean latency = e2r.getTotalCount() > 0 &&
                    e2r.getValueAtPercentile(99) <= settings.budgetNs();
                crossover.row(Comparison.name(mode), Integer.toString(p), Figures.rate(r),
                    String.format(Locale.ROOT, "%,.0f", r * budgetSeconds), String.format(Locale.ROOT, "%,.0f", v),
                    volume ? "yes" : "no", percentile(load.eventToResult(), 99), latency ? "yes" : "no",
                    volume && latency && load.keptUp() ? "yes" : "no");
            }
        }
        tables.add(crossover);

        final ReportTable sweep = new ReportTable("Rate sweep", "Each mode offered rising rates, each for a short " +
            "run, until it stops keeping up: every event read within its trigger (or at once) plus 100 ms of the " +
            "producer's end; for batch, every scheduled run done before the next is due. A producer that falls " +
            "behind ends the sweep: the rate was not offered. At the lowest parallelism asked for only.", "mode",
            "P", "offered, events/s", "kept up", "caught up after", "event-to-result p99", "max");
        for (final ExecutionMode mode : settings.modes())
        {
            for (final LoadResult step : result.sweep().getOrDefault(mode, List.of()))
            {
                sweep.row(Comparison.name(mode), Integer.toString(step.spec().parallelism()),
                    Figures.rate(step.spec().eventsPerSecond()),
                    !step.rateOffered() ? "producer fell behind (" + Figures.duration(step.producerLagNs()) + ")" :
                    step.keptUp() ? "yes" : "no", Figures.duration(step.catchUpNs()),
                    percentile(step.eventToResult(), 99), percentile(step.eventToResult(), 100));
            }
        }
        if (sweep.rows().isEmpty())
        {
            sweep.row("-", "-", "not run (--sweep none)", "-", "-", "-", "-");
        }
        tables.add(sweep);
        return tables;
    }

    private static ReportTable latencyTable(
        final String title, final String note, final Comparison.Result result, final boolean eventToResult)
    {
        final ReportTable table = new ReportTable(title, note, "mode", "P", "p50", "p90", "p99", "p99.9", "p99.99",
            "max", eventToResult ? "events" : "results", "file");
        for (final LoadResult load : result.load())
        {
            final LatencySeries series = eventToResult ? load.eventToResult() : load.windowFinal();
            final String[] cells = new String[10];
            cells[0] = Comparison.name(load.spec().mode());
            cells[1] = Integer.toString(load.spec().parallelism());
            for (int i = 0; i < PERCENTILES.length; i++)
            {
                cells[i + 2] = percentile(series, PERCENTILES[i]);
            }
            cells[8] = String.format(Locale.ROOT, "%,d", series.total().getTotalCount());
            cells[9] = hgrmFile(load.spec().mode(), load.spec().parallelism(),
                eventToResult ? EVENT_TO_RESULT : WINDOW_FINAL);
            table.row(cells);
        }
        return table;
    }

    private static String[] header(final String first, final Comparison.Result result)
    {
        final List<String> header = new ArrayList<>();
        header.add(first);
        for (final ExecutionMode mode : result.settings().modes())
        {
            result.settings().parallelisms().forEach(p -> header.add(Comparison.label(mode, p)));
        }
        return header.toArray(new String[0]);
    }

    /**
     * A mode's figure at a parallelism, as a cell.
     */
    private interface Cell
    {
        String of(ExecutionMode mode, int parallelism);
    }

    private static String[] cells(final String first, final Comparison.Result result, final Cell f)
    {
        final List<String> cells = new ArrayList<>();
        cells.add(first);
        for (final ExecutionMode mode : result.settings().modes())
        {
            result.settings().parallelisms().forEach(p -> cells.add(f.of(mode, p)));
        }
        return cells.toArray(new String[0]);
    }

    private static String parallelNote(final CompareSettings settings)
    {
        return settings.parallelisms().equals(List.of(1)) ? "" : " P = 1 is the job on one thread; P > 1 a " +
            "parallel job of P workers over the same one log (worker 0 reads it and sends each worker its keys' " +
            "orders), whose workers back off when idle under load where the job on one thread spins.";
    }

    private static ThroughputRun.Result throughput(
        final Comparison.Result result, final ExecutionMode mode, final int parallelism)
    {
        return result.throughput().stream().filter(t -> t.mode() == mode && t.parallelism() == parallelism)
            .findFirst().orElseThrow();
    }

    private static LoadResult load(final Comparison.Result result, final ExecutionMode mode, final int parallelism)
    {
        return result.load().stream().filter(l -> l.spec().mode() == mode && l.spec().parallelism() == parallelism)
            .findFirst().orElseThrow();
    }

    private static String percentiles(final LatencySeries series)
    {
        return percentile(series, 50) + " / " + percentile(series, 99) + " / " + percentile(series, 100);
    }

    static String percentile(final LatencySeries series, final double percentile)
    {
        final Histogram histogram = series.total();
        if (histogram.getTotalCount() == 0)
        {
            return "-";
        }
        return Figures.duration(percentile >= 100 ? histogram.getMaxValue() :
            histogram.getValueAtPercentile(percentile));
    }

    private static String recount(final LoadResult load)
    {
        if (null == load.recountChecksum())
        {
            return "not made";
        }
        if (load.lateDropped() == 0)
        {
            return load.recountChecksum().equals(load.viewChecksum()) ? "identical" : "DIFFERENT";
        }
        return load.resultAccountedFor() ? "differs by exactly the " + load.lateDropped() + " dropped" :
            "DIFFERS by more than the late events";
    }

    private static String checkpointCost(final LoadResult load)
    {
        final CheckpointStats stats = load.checkpoints();
        if (load.spec().mode() == ExecutionMode.BATCH)
        {
            return "none: a failed run is run again";
        }
        if (null == stats)
        {
            return "not taken (--checkpoint-every)";
        }
        return stats.taken() + " taken, longest " + Figures.duration(stats.maxNs()) + ", last " +
            Figures.mebibytes(stats.lastBytes()) + ", " + Figures.duration(stats.totalNs()) + " in all";
    }

    private static String stopsAt(final Comparison.Result result, final ExecutionMode mode, final int parallelism)
    {
        final List<LoadResult> steps = result.sweep().getOrDefault(mode, List.of());
        if (steps.isEmpty())
        {
            return "not swept";
        }
        if (steps.get(0).spec().parallelism() != parallelism)
        {
            return "swept at P = " + steps.get(0).spec().parallelism() + " only";
        }
        final LoadResult last = steps.get(steps.size() - 1);
        final String rate = Figures.rate(last.spec().eventsPerSecond()) + "/s";
        if (!last.rateOffered())
        {
            return "above " + (steps.size() > 1 ? Figures.rate(steps.get(steps.size() - 2).spec()
                .eventsPerSecond()) + "/s" : "-") + " (the producer could offer no more than about " + rate + ")";
        }
        if (last.keptUp())
        {
            return "above " + rate + " (the highest rate swept)";
        }
        return steps.size() > 1 ? "between " + Figures.rate(steps.get(steps.size() - 2).spec().eventsPerSecond()) +
            "/s and " + rate : "at or below " + rate;
    }

    private static String markdown(final Comparison.Result result, final List<ReportTable> tables)
    {
        final StringBuilder sb = new StringBuilder(8192).append("# Batch, micro-batch and streaming, measured\n\n")
            .append(machine(result)).append("\n\n");
        for (final ReportTable table : tables)
        {
            sb.append(table.markdown());
        }
        sb.append("## Charts\n\n");
        for (int i = 0; i < CHARTS.length; i++)
        {
            sb.append("![").append(CHART_TITLES[i]).append("](").append(CHARTS[i]).append(")\n\n");
        }
        sb.append("Percentile files (HdrHistogram format, µs):");
        for (final String file : hgrmFiles(result))
        {
            sb.append(" `").append(file).append('`');
        }
        return sb.append('\n').toString();
    }

    private static List<String> hgrmFiles(final Comparison.Result result)
    {
        final List<String> files = new ArrayList<>();
        for (final LoadResult load : result.load())
        {
            files.add(hgrmFile(load.spec().mode(), load.spec().parallelism(), EVENT_TO_RESULT));
            files.add(hgrmFile(load.spec().mode(), load.spec().parallelism(), WINDOW_FINAL));
        }
        return files;
    }

    private static String html(final Comparison.Result result, final List<ReportTable> tables)
    {
        final StringBuilder sb = new StringBuilder(16384)
            .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<title>Sluice: batch, micro-batch and streaming, measured</title>\n<style>\n")
            .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
            .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #bbb;padding:4px 8px;")
            .append("text-align:left;font-size:14px}th{background:#eee}img{max-width:100%;border:1px solid #ddd;")
            .append("margin:1em 0}\n</style>\n</head>\n<body>\n")
            .append("<h1>Batch, micro-batch and streaming, measured</h1>\n<p>")
            .append(ReportTable.escape(machine(result))).append("</p>\n");
        for (final ReportTable table : tables)
        {
            sb.append(table.html());
        }
        sb.append("<h2>Charts</h2>\n");
        for (int i = 0; i < CHARTS.length; i++)
        {
            sb.append("<img id=\"").append(CHARTS[i].replace(".png", "")).append("\" src=\"").append(CHARTS[i])
                .append("\" alt=\"").append(CHART_TITLES[i]).append("\">\n");
        }
        sb.append("<p>Percentile files (HdrHistogram format, µs):");
        for (final String file : hgrmFiles(result))
        {
            sb.append(" <a href=\"").append(file).append("\">").append(file).append("</a>");
        }
        // says on the page whether every chart loaded (a browser test reads it back from the DOM)
        sb.append("</p>\n<p id=\"charts-loaded\">charts loaded: not yet checked</p>\n<script>\n")
            .append("window.addEventListener('load', function () {\n")
            .append("  var images = document.querySelectorAll('img'), loaded = 0;\n")
            .append("  for (var i = 0; i < images.length; i++) { if (images[i].naturalWidth > 0) { loaded++; } }\n")
            .append("  var line = document.getElementById('charts-loaded');\n")
            .append("  line.textContent = 'charts loaded: ' + loaded + ' of ' + images.length;\n")
            .append("  line.setAttribute('data-loaded', loaded);\n")
            .append("  line.setAttribute('data-total', images.length);\n")
            .append("});\n</script>\n");
        return sb.append("</body>\n</html>\n").toString();
    }

    private static String machine(final Comparison.Result result)
    {
        final Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Machine: %d processors, %s max heap, Java %s (%s), %s %s. The whole " +
            "run took %s; load average (1, 5, 15 min) at its start %s, at its end %s: other work on the machine " +
            "shows in the latency tails.", runtime.availableProcessors(), Figures.mebibytes(runtime.maxMemory()),
            System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
            System.getProperty("os.arch"), Figures.duration(result.totalNs()), result.loadAverageAtStart(),
            loadAverage());
    }

    /**
     * @return the system's load averages over 1, 5 and 15 minutes, or "unknown" where /proc/loadavg is missing.
     */
    public static String loadAverage()
    {
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim()
                .split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }
}
