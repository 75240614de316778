package dev.sluice.examples.architectures;

import dev.sluice.core.KappaConfig;
import dev.sluice.core.KappaDeployment;
import dev.sluice.core.Pipeline;
import dev.sluice.core.function.Codec;
import dev.sluice.core.sink.EventLogSink;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.examples.json.OrdersJsonIngest;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogReader;
import dev.sluice.log.RecordHandler;
import org.agrona.DirectBuffer;

import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The design notes' Kappa architecture over JSON orders, with Sluice's {@link KappaDeployment}: v1 passes each order
 * on as {@code (event_id, user_id, amount, event_time)}, v2 adds {@code is_fraud}; both are pass-through pipelines
 * writing their own output log.
 * <pre>
 *   ingest thread:  JSON lines --> log
 *   v1 thread:      log --> D/output/v1        serves from the start
 *   v2 thread:      log --> D/output/v2        deployed while orders arrive, replays from the start, takes over
 *                                              once its lag has stayed at zero; v1 stops, its output is kept
 *   at the end:     every order of the log is in v2's output exactly once, in log order
 * </pre>
 */
public final class OrdersKappa
{
    /** The pipeline's name: its cursors are {@code orders-flags-v1} and {@code -v2}. */
    public static final String NAME = "orders-flags";

    /**
     * What a run did.
     *
     * @param events       orders in v2's output.
     * @param fraud        of which flagged as fraud.
     * @param rejected     input lines rejected.
     * @param exactlyOnce  true when v2's output holds every order of the log exactly once, in order.
     * @param servingVersion the version serving at the end.
     */
    public record Result(long events, long fraud, long rejected, boolean exactlyOnce, int servingVersion)
    {
        /**
         * @return {@code version=v2 events=N fraud=F}.
         */
        public String summaryLine()
        {
            return "version=v" + servingVersion + " events=" + events + " fraud=" + fraud;
        }
    }

    private OrdersKappa()
    {
    }

    /**
     * @param log     the orders.
     * @param outputs where each version's output log goes ({@code outputs/vN}).
     * @param version 1 or 2.
     * @return the version's pipeline.
     */
    public static Pipeline version(final Log log, final Path outputs, final int version)
    {
        final boolean flags = version >= 2;
        return Pipeline.from(LogSource.tail(log), new OrderEventCodec())
            .map(OrderRow.of(flags))
            .withTimestamps(OrderRow::eventTimeMillis,
                WatermarkStrategy.<OrderRow>boundedOutOfOrderness(OrdersWorkload.DEFAULT_MAX_DELAY_MILLIS))
            .named(NAME, version)
            .passThrough(EventLogSink.open(outputs.resolve("v" + version), LogConfig.defaults(),
                OrderRow.codec(flags)))
            .build();
    }

    /**
     * @param dir            the run's directory (new or empty): the log, the deployment, the outputs, the rejects.
     * @param input          JSON lines of orders.
     * @param linesPerSecond the ingest's pace; 0 for as fast as it goes.
     * @param checkpointMs   each version checkpoints this often.
     * @param out            what each version is doing.
     * @return what the run did.
     */
    public static Result run(
        final Path dir,
        final Path input,
        final long linesPerSecond,
        final long checkpointMs,
        final PrintWriter out) throws Exception
    {
        final Path outputs = dir.resolve("output");
        final long inputBytes = Files.size(input);
        final OrdersJsonIngest.Result ingested;
        final Result result;
        try (Log log = Log.open(dir.resolve("log"), LogConfig.defaults()))
        {
            try (KappaDeployment kappa = KappaDeployment.open(log, dir.resolve("kappa"), KappaConfig.defaults()
                    .checkpointEvery(checkpointMs, TimeUnit.MILLISECONDS).caughtUpFor(100, TimeUnit.MILLISECONDS));
                IngestThread ingest = new IngestThread(log, input, dir, linesPerSecond))
            {
                out.printf("kappa: %s into the log in %s at %s; v1 serves from the start%n", input, dir,
                    linesPerSecond > 0 ? linesPerSecond + " lines/s" : "full speed");
                kappa.deploy(version(log, outputs, 1));
                while (!ingest.isDone() && ingest.bytes() < inputBytes * 3 / 10)
                {
                    Thread.sleep(5);
                }
                out.printf("deploy v2 at %d lines ingested: it replays the log from the start beside v1%n",
                    ingest.lines());
                kappa.deploy(version(log, outputs, 2));
                out.flush();
                while (kappa.role(2) != KappaDeployment.Role.SERVING)
                {
                    for (final KappaDeployment.VersionStatus status : kappa.status())
                    {
                        out.println("  " + status);
                    }
                    out.flush();
                    if (kappa.awaitServing(2, 100, TimeUnit.MILLISECONDS))
                    {
                        break;
                    }
                }
                out.printf("cut-over at %d lines ingested%s: v2 serves, v1 stopped, its output kept in %s%n",
                    ingest.lines(), ingest.isDone() ? " (all of them)" : ", orders still arriving",
                    outputs.resolve("v1"));
                ingested = ingest.await();
                out.printf("ingest: %d lines, accepted=%d rejected=%d in %d ms%n", ingested.lines(),
                    ingested.accepted(), ingested.rejected(), TimeUnit.NANOSECONDS.toMillis(ingested.elapsedNs()));
                awaitHead(kappa, log);
                out.println("  " + kappa.serving());
            }
            result = check(log, outputs.resolve("v2"), ingested.rejected(), out);
        }
        out.println(result.summaryLine());
        out.flush();
        return result;
    }

    private static void awaitHead(final KappaDeployment kappa, final Log log) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            final KappaDeployment.VersionStatus serving = kappa.serving();
            if (serving.position() == log.tailPosition() && serving.lagRecords() == 0)
            {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("v2 did not reach the head of the log in 60 s: " + kappa.status());
    }

    /**
     * What an output log holds against the log it came from.
     *
     * @param records records of the log compared.
     * @param fraud   output records flagged as fraud.
     * @param problem the first difference, or null when the output holds every order exactly once, in log order.
     */
    public record Verification(long records, long fraud, String problem)
    {
    }

    /**
     * Read the log and a version's output side by side: each order once, in log order, as that version passes it on.
     *
     * @param log     the orders.
     * @param output  the version's output log (closed by its writer).
     * @param version 1 or 2.
     * @return what it holds.
     */
    public static Verification verify(final Log log, final Path output, final int version)
    {
        try (Log written = Log.openReadOnly(output);
            LogReader reader = written.openReader(written.startPosition()))
        {
            final SideBySide compared = new SideBySide(reader, version >= 2);
            log.scan(log.startPosition(), log.tailPosition(), compared);
            compared.finish();
            return new Verification(compared.records, compared.fraud, compared.problem);
        }
    }

    private static Result check(final Log log, final Path v2, final long rejected, final PrintWriter out)
    {
        final Verification verified = verify(log, v2, 2);
        out.printf("check: v2's output holds %s%n", null == verified.problem() ? "every order of the log exactly " +
            "once, in log order, flagged as v2 flags it" : "NOT every order exactly once: " + verified.problem());
        return new Result(verified.records(), verified.fraud(), rejected, null == verified.problem(), 2);
    }

    /**
     * Takes the log's orders one by one and the output's next record beside each: the same order, the sequence
     * counting from 0, the flag v2 gives it; then nothing left over.
     */
    private static final class SideBySide implements RecordHandler
    {
        private final LogReader output;
        private final boolean flags;
        private final OrderEventCodec orders = new OrderEventCodec();
        private final Codec<OrderRow> rows;
        private OrderEvent order;
        private long records;
        private long fraud;
        private String problem;
        private boolean matched;

        SideBySide(final LogReader output, final boolean flags)
        {
            this.output = output;
            this.flags = flags;
            this.rows = OrderRow.codec(flags);
        }

        public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long position)
        {
            order = orders.decode(buffer, offset, length);
            matched = false;
            output.poll(this::compare, 1);
            if (!matched && null == problem)
            {
                problem = "order o-" + order.eventId() + " (record " + records + ") is missing";
            }
            records++;
        }

        private void compare(final DirectBuffer buffer, final int offset, final int length, final long position)
        {
            matched = true;
            final long sequence = buffer.getLong(offset + EventLogSink.SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final OrderRow row = rows.decode(buffer, offset + EventLogSink.EVENT_OFFSET,
                length - EventLogSink.EVENT_OFFSET);
            fraud += row.isFraud() ? 1 : 0;
            if (null == problem && (sequence != records || row.eventId() != order.eventId() ||
                row.userId() != order.customerId() || row.amountCents() != order.amountCents() ||
                row.eventTimeMillis() != order.eventTimeMillis() || row.isFraud() != (flags && order.isFraud())))
            {
                problem = "record " + records + " of the output is " + row + " (sequence " + sequence + "), not " +
                    "order o-" + order.eventId();
            }
        }

        void finish()
        {
            final int extra = output.poll((buffer, offset, length, position) -> { }, Integer.MAX_VALUE);
            if (extra > 0 && null == problem)
            {
                problem = "the output holds " + extra + " records more than the log's " + records;
            }
        }
    }
}
