package dev.sluice.examples.architectures;

import dev.sluice.core.Cutoff;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.JobReport;
import dev.sluice.core.LambdaJob;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.LogSource;
import dev.sluice.examples.json.OrdersJsonIngest;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.programs.JsonOrders;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The design notes' Lambda architecture over JSON orders, with Sluice's {@link LambdaJob}: one definition of
 * {@code orders-by-product-region} is the batch layer (BATCH up to the cutoff), the speed layer (STREAMING from it)
 * and, merged per (product, region) with each aggregation's merge, the serving layer.
 * <pre>
 *   ingest thread:  JSON lines --> log
 *   this thread:    every batchEveryMs, moveCutoff(head): the batch layer runs, the speed layer drops what it covers
 *   speed thread:   log tail --> speed view           (LambdaJob's own)
 *   at the end:     served view --> CSV; checked against one BATCH run over the whole log
 * </pre>
 * The notes' serving layer took {@code coalesce(speed.recent_orders, batch.total_orders)}: wherever the speed view
 * had a row, the batch totals were thrown away. Here a served row is the batch row and the speed row merged:
 * counts and revenue add, the customer sets union, the median sketches merge.
 */
public final class OrdersLambda
{
    /**
     * What a run did.
     *
     * @param rows          served rows.
     * @param rejected      input lines rejected.
     * @param sha256        the page's checksum of the served rows.
     * @param matchesBatch  true when the served view equals one BATCH run over the whole log, row for row.
     * @param cutoffMoves   how many times the batch layer moved the cutoff.
     */
    public record Result(int rows, long rejected, String sha256, boolean matchesBatch, int cutoffMoves)
    {
        /**
         * @return {@code rows=R rejected=J sha256=<hex>}.
         */
        public String summaryLine()
        {
            return "rows=" + rows + " rejected=" + rejected + " sha256=" + sha256;
        }
    }

    private OrdersLambda()
    {
    }

    /**
     * @param dir            the run's directory (the log, the rejects file): new or empty.
     * @param input          JSON lines of orders.
     * @param linesPerSecond the ingest's pace; 0 for as fast as it goes.
     * @param batchEveryMs   time between two batch runs while events arrive (at least two runs in all).
     * @param out            what each layer is doing.
     * @param csv            the served view's CSV, header first.
     * @return what the run did.
     */
    public static Result run(
        final Path dir,
        final Path input,
        final long linesPerSecond,
        final long batchEveryMs,
        final PrintWriter out,
        final PrintWriter csv) throws InterruptedException
    {
        try (Log log = Log.open(dir, LogConfig.defaults());
            LambdaJob lambda = LambdaJob.start(() -> JsonOrders.define(LogSource.range(log))
                .sink(result -> { })   // the layers write views of their own
                .build()))
        {
            out.printf("lambda: %s into the log in %s at %s; the batch layer runs every %d ms%n", input, dir,
                linesPerSecond > 0 ? linesPerSecond + " lines/s" : "full speed", batchEveryMs);
            out.flush();
            final OrdersJsonIngest.Result ingested;
            int moves = 0;
            try (IngestThread ingest = new IngestThread(log, input, dir, linesPerSecond))
            {
                while (true)
                {
                    if (!ingest.isDone())
                    {
                        Thread.sleep(batchEveryMs);
                    }
                    if (ingest.isDone() && moves >= 2)
                    {
                        break; // what came after the last cutoff stays the speed layer's
                    }
                    final LambdaJob.CutoffMove move = lambda.moveCutoff(Cutoff.atHead());
                    moves++;
                    out.printf("batch layer: cutoff moved to record %d (%d lines ingested): %d orders -> %d rows in " +
                            "%d ms; the speed layer handed over the %d orders before it and goes on from there%n",
                        move.batch().recordsIn(), ingest.lines(), move.batch().recordsIn(), move.batchRows(),
                        TimeUnit.NANOSECONDS.toMillis(move.batch().elapsedNs()), move.recordsHandedOver());
                    speedLine(lambda, out);
                    out.flush();
                }
                ingested = ingest.await();
            }
            out.printf("ingest: %d lines, accepted=%d rejected=%d in %d ms%n", ingested.lines(), ingested.accepted(),
                ingested.rejected(), TimeUnit.NANOSECONDS.toMillis(ingested.elapsedNs()));
            if (!lambda.awaitServed(log.tailPosition(), 60, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the speed layer did not reach the head of the log in 60 s");
            }
            speedLine(lambda, out);

            final List<ResultRow> servedRows = JsonOrders.sorted(lambda.rows());
            final List<String> served = JsonOrders.csvLines(servedRows);
            out.printf("served view: %d rows, the batch view up to the cutoff at position %d merged with the speed " +
                "view after it%n", served.size(), lambda.cutoff());
            out.flush();
            csv.println(JsonOrders.HEADER);
            for (final String line : served)
            {
                csv.println(line);
            }
            csv.flush();

            final LatestResultView all = new LatestResultView();
            final Pipeline batch = JsonOrders.define(LogSource.range(log)).sink(all).build();
            final JobReport report = batch.run(ExecutionMode.BATCH);
            final List<String> expected = JsonOrders.csvLines(JsonOrders.sorted(all.rows()));
            final boolean matches = expected.equals(served);
            out.printf("check: the served view %s one BATCH run over all %d orders (%d rows)%s%n",
                matches ? "equals" : "DIFFERS FROM", report.recordsIn(), expected.size(),
                matches ? "" : ": " + firstDifference(served, expected));
            final Result result = new Result(served.size(), ingested.rejected(),
                Orders5m.sha256(JsonOrders.exactColumns(servedRows)), matches, moves);
            out.println(result.summaryLine());
            out.flush();
            return result;
        }
    }

    private static void speedLine(final LambdaJob lambda, final PrintWriter out)
    {
        final JobReport speed = lambda.speedReport();
        out.printf("speed layer: %d orders read from the cutoff, %d behind the head%n", speed.recordsIn(),
            speed.lagRecords());
    }

    private static String firstDifference(final List<String> served, final List<String> expected)
    {
        for (int i = 0; i < Math.min(served.size(), expected.size()); i++)
        {
            if (!served.get(i).equals(expected.get(i)))
            {
                return "row " + (i + 1) + " served " + served.get(i) + ", batch " + expected.get(i);
            }
        }
        return served.size() + " rows served, " + expected.size() + " in the batch run";
    }
}
