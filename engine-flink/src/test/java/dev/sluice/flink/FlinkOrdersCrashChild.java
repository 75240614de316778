package dev.sluice.flink;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.source.LogSource;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.flink.sink.ResultFiles;
import dev.sluice.log.Log;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link FlinkOrdersCrashTest}: orders-5m in STREAMING on a MiniCluster of its own, parallelism 2,
 * checkpoints every 100 ms retained in a directory, results into exactly-once part files; restored from a checkpoint
 * when given one. Args: log directory, output directory, checkpoint directory, [checkpoint to restore].
 */
public final class FlinkOrdersCrashChild
{
    private FlinkOrdersCrashChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, Path.of(args[2]).toUri().toString());
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        config.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
            ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (args.length > 3)
        {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, args[3]);
        }
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
        final PipelineRecipe recipe = source -> Orders5m.define(source, 5_000);
        try (Log log = Log.openReadOnly(Path.of(args[0])))
        {
            final FlinkJob job = FlinkRunner.translate(env, ExecutionMode.STREAMING, LogSource.range(log), recipe);
            job.results().sinkTo(ResultFiles.csv(Path.of(args[1]), recipe)).name("results");
        }
        env.execute("orders-5m crash child");
        System.exit(0);
    }
}
