package dev.sluice.flink;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.sink.ResultSchema;
import dev.sluice.flink.internal.Counters;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline translated into a Flink environment: its results as a Flink stream, for any Flink sink
 * ({@code ResultFiles} writes Sluice's result formats exactly-once), or {@link #run} to run it here and collect
 * them. Not thread-safe.
 */
public final class FlinkJob
{
    private final StreamExecutionEnvironment env;
    private final ExecutionMode mode;
    private final Pipeline description;
    private final DataStream<SluiceResult> results;

    FlinkJob(
        final StreamExecutionEnvironment env,
        final ExecutionMode mode,
        final Pipeline description,
        final DataStream<SluiceResult> results)
    {
        this.env = env;
        this.mode = mode;
        this.description = description;
        this.results = results;
    }

    /**
     * @return every emission of every (window, key), in the order each window and key emits them.
     */
    public DataStream<SluiceResult> results()
    {
        return results;
    }

    /**
     * @return the columns of the results.
     */
    public ResultSchema schema()
    {
        return description.schema();
    }

    /**
     * @return the description as the client read it.
     */
    public Pipeline description()
    {
        return description;
    }

    public ExecutionMode mode()
    {
        return mode;
    }

    public StreamExecutionEnvironment environment()
    {
        return env;
    }

    /**
     * Run the job to its end (a bounded source) and collect its results here: what a {@code LatestResultView}
     * would hold, and what the job counted.
     *
     * @param jobName the Flink job's name.
     * @return the latest result of every (window, key), sorted by window start and key, with the job's counts.
     * @throws Exception when the job fails.
     */
    public Run run(final String jobName) throws Exception
    {
        final long startNs = System.nanoTime();
        final ResultSchema schema = schema();
        final Map<WindowKey, ResultRow> latest = new HashMap<>();
        long emissions = 0;
        final CloseableIterator<SluiceResult> collected = results.collectAsync();
        final JobClient client = env.executeAsync(jobName);
        try (CloseableIterator<SluiceResult> it = collected)
        {
            while (it.hasNext())
            {
                final SluiceResult result = it.next();
                // one subtask emits all of a (window, key)'s results, in order: the last one is the latest
                latest.put(new WindowKey(result.windowStart, result.key), result.toRow(schema));
                emissions++;
            }
        }
        final JobExecutionResult done = client.getJobExecutionResult().get();
        final List<ResultRow> rows = new ArrayList<>(latest.values());
        rows.sort(Comparator.comparingLong(ResultRow::windowStart).thenComparingLong(ResultRow::key));
        return new Run(mode, rows, emissions, count(done, Counters.RECORDS_IN), count(done, Counters.EVENTS_IN),
            count(done, Counters.EVENTS_LATE), count(done, Counters.RECORDS_SKIPPED), System.nanoTime() - startNs);
    }

    private static long count(final JobExecutionResult result, final String name)
    {
        final Object value = result.getAccumulatorResult(name);
        return null == value ? 0 : ((Number)value).longValue();
    }

    private record WindowKey(long windowStart, long key)
    {
    }

    /**
     * What a run collected.
     *
     * @param mode           the runtime mode.
     * @param rows           the latest result of every (window, key), sorted by window start and key.
     * @param emissions      results emitted, updates and early results included.
     * @param recordsIn      records read.
     * @param eventsIn       events out of the stages, into the windows.
     * @param eventsLate     events late for their windows (plus allowed lateness).
     * @param recordsSkipped records the record error handler skipped.
     * @param elapsedNs      from submitting the job to its end, results collected.
     */
    public record Run(
        ExecutionMode mode, List<ResultRow> rows, long emissions, long recordsIn, long eventsIn, long eventsLate,
        long recordsSkipped, long elapsedNs)
    {
    }
}
