package dev.sluice.examples.orders;

import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.Job;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.sink.TransactionalSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.source.LogSource;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The worked example of {@link TransactionalSink}'s Javadoc, run: an upsert-by-identity sink over a key-value
 * store that outlives the job; the job is abandoned mid-run (a kill) twice and restored, and the store ends equal
 * to an uninterrupted run's.
 */
class TransactionalSinkExampleTest
{
    /** The Javadoc's example. */
    static final class KeyValueSink implements TransactionalSink
    {
        private final Map<String, String> store;
        private long sequence;

        KeyValueSink(final Map<String, String> store)
        {
            this.store = store;
        }

        public void restore(final StateInput mark)
        {
            sequence = mark == null ? 0 : mark.getLong();
        }

        public void onResult(final WindowResult r)
        {
            store.put(r.windowStart() + "/" + r.key(), r.toRow().toString());
            sequence++;
        }

        public void snapshot(final long epoch, final StateOutput mark)
        {
            mark.putLong(sequence);
        }

        public void commit(final long epoch)
        {
        }

        public void close()
        {
        }
    }

    @Test
    void shouldUpsertEachResultOnceThroughKills(@TempDir final Path dir)
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(40_000).withLateEvery(97);
        try (Log log = Log.open(dir.resolve("log"), LogConfig.defaults()))
        {
            OrdersRun.writeLog(log, workload);
            final Map<String, String> expected = new TreeMap<>();
            Orders5m.define(LogSource.range(log), workload.maxDelayMillis()).allowedLateness(30_000)
                .sink(new KeyValueSink(expected)).build().run(ExecutionConfig.streaming());

            final Map<String, String> store = new TreeMap<>();
            final CheckpointConfig checkpoints = CheckpointConfig.in(dir.resolve("checkpoints"))
                .identity("kv-example", 1).everyRecords(4_000);
            for (final long killAt : new long[]{ 13_000, 29_000 })
            {
                final Job job = Orders5m.define(LogSource.range(log), workload.maxDelayMillis()).allowedLateness(30_000)
                    .sink(new KeyValueSink(store)).build()
                    .newJob(ExecutionConfig.streaming().checkpointing(checkpoints));
                while (job.recordsIn() < killAt)
                {
                    job.doWork();
                }
                job.close(); // killed: abandoned between checkpoints
            }
            try (Job job = Orders5m.define(LogSource.range(log), workload.maxDelayMillis()).allowedLateness(30_000)
                .sink(new KeyValueSink(store)).build()
                .newJob(ExecutionConfig.streaming().checkpointing(checkpoints)))
            {
                job.run();
                assertTrue(job.checkpointStats().restoredFromId() > 0);
            }
            assertEquals(expected, store);
        }
    }
}
