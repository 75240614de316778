package dev.sluice.flink.cli;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.source.LogSource;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.flink.FlinkJob;
import dev.sluice.flink.FlinkRunner;
import dev.sluice.flink.PipelineRecipe;
import dev.sluice.flink.sink.ResultFiles;
import dev.sluice.flink.source.KafkaRecords;
import dev.sluice.log.Log;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/**
 * orders-5m as a Flink job for a real cluster, the main class of engine-flink's job jar ({@code flink run}): over a
 * Sluice log in a directory every task manager sees, or over a Kafka topic of the orders' encoded records, into
 * exactly-once CSV part files.
 * <pre>
 *   flink run sluice-flink-job.jar --log /shared/orders --mode batch --output file:///shared/out
 *   flink run sluice-flink-job.jar --kafka broker:9092 --topic orders --mode streaming --output s3://bucket/out \
 *       --checkpoint-every-ms 10000
 * </pre>
 */
public final class FlinkOrdersJob
{
    private FlinkOrdersJob()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        String logDir = null;
        String kafka = null;
        String topic = "orders";
        String output = null;
        ExecutionMode mode = ExecutionMode.STREAMING;
        long maxDelayMillis = OrdersWorkload.DEFAULT_MAX_DELAY_MILLIS;
        long checkpointEveryMs = 10_000;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--log" -> logDir = args[i + 1];
                case "--kafka" -> kafka = args[i + 1];
                case "--topic" -> topic = args[i + 1];
                case "--output" -> output = args[i + 1];
                case "--mode" -> mode = OrdersRun.parseMode(args[i + 1]);
                case "--max-delay-millis" -> maxDelayMillis = Long.parseLong(args[i + 1]);
                case "--checkpoint-every-ms" -> checkpointEveryMs = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        if ((null == logDir) == (null == kafka) || null == output || args.length % 2 != 0)
        {
            throw new IllegalArgumentException(USAGE);
        }

        final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (mode == ExecutionMode.STREAMING)
        {
            // exactly-once output: part files are committed when a checkpoint completes
            env.enableCheckpointing(checkpointEveryMs);
        }
        final long bound = maxDelayMillis;
        final PipelineRecipe recipe = source -> Orders5m.define(source, bound);
        final FlinkJob job;
        if (null != logDir)
        {
            try (Log log = Log.openReadOnly(Path.of(logDir)))
            {
                job = FlinkRunner.translate(env, mode, mode == ExecutionMode.BATCH ? LogSource.range(log) :
                    LogSource.tail(log), recipe);
            }
        }
        else
        {
            job = FlinkRunner.translateRecords(env, mode,
                KafkaRecords.topic(kafka, topic, "sluice-orders-5m", mode == ExecutionMode.BATCH), "kafka " + topic,
                recipe);
        }
        job.results().sinkTo(ResultFiles.forUri(output, recipe, false)).name("sluice-result-files");
        env.execute("sluice orders-5m");
    }

    private static final String USAGE = "usage: (--log DIR | --kafka HOST:PORT [--topic T]) --output URI " +
        "[--mode batch|streaming] [--max-delay-millis MS] [--checkpoint-every-ms MS]";
}
