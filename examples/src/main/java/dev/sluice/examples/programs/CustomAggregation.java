package dev.sluice.examples.programs;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Pipeline;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.aggregate.DoubleAggregateFunction;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.Codec;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.EventAppender;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's own aggregation: the standard deviation of sensor readings per sensor and minute, which no built-in
 * aggregation gives. {@link StdDev} keeps (count, mean, sum of squared deviations) with Welford's update, merges
 * two of them with Chan's formula, and writes them into checkpoints, so it runs in every mode and window kind and
 * survives a restore like a built-in one.
 * <p>
 * Usage: {@code custom-aggregation [--mode batch|micro-batch|streaming]}.
 */
public final class CustomAggregation
{
    /** A reading: sensor number, time, temperature in degrees Celsius. */
    public static final class Reading
    {
        int sensor;
        long timeMs;
        double celsius;
    }

    /** {@code | sensor (4) | timeMs (8) | celsius (8) |} */
    public static final class ReadingCodec implements Codec<Reading>
    {
        private final Reading decoded = new Reading();

        public int encodedLength(final Reading reading)
        {
            return 20;
        }

        public int encode(final Reading reading, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putInt(offset, reading.sensor);
            buffer.putLong(offset + 4, reading.timeMs);
            buffer.putDouble(offset + 12, reading.celsius);
            return 20;
        }

        public Reading decode(final DirectBuffer buffer, final int offset, final int length)
        {
            decoded.sensor = buffer.getInt(offset);
            decoded.timeMs = buffer.getLong(offset + 4);
            decoded.celsius = buffer.getDouble(offset + 12);
            return decoded;
        }
    }

    /** The population standard deviation, in one pass, mergeable. Accumulator: { count, mean, m2 }. */
    public static final class StdDev implements DoubleAggregateFunction<Reading, double[]>
    {
        public double[] createAccumulator()
        {
            return new double[3];
        }

        public double[] add(final double[] acc, final Reading reading)
        {
            // Welford: numerically stable, and the accumulator changes in place (no allocation per event)
            acc[0]++;
            final double delta = reading.celsius - acc[1];
            acc[1] += delta / acc[0];
            acc[2] += delta * (reading.celsius - acc[1]);
            return acc;
        }

        public double[] merge(final double[] acc, final double[] other)
        {
            // Chan et al.: two partial (count, mean, m2) into one
            final double n = acc[0] + other[0];
            if (other[0] == 0)
            {
                return acc;
            }
            final double delta = other[1] - acc[1];
            acc[2] += other[2] + delta * delta * acc[0] * other[0] / n;
            acc[1] += delta * other[0] / n;
            acc[0] = n;
            return acc;
        }

        public double result(final double[] acc)
        {
            return Math.sqrt(acc[2] / acc[0]);
        }

        public void write(final double[] acc, final StateOutput out)
        {
            out.putDouble(acc[0]).putDouble(acc[1]).putDouble(acc[2]);
        }

        public double[] read(final StateInput in)
        {
            return new double[]{ in.getDouble(), in.getDouble(), in.getDouble() };
        }
    }

    private static final String[] SENSORS = { "sensor-0", "sensor-1", "sensor-2" };

    public static void main(final String[] args) throws Exception
    {
        final ExecutionMode mode = args.length == 2 && args[0].equals("--mode") ?
            ExecutionMode.valueOf(args[1].toUpperCase().replace('-', '_')) : ExecutionMode.BATCH;
        final Path dir = Files.createTempDirectory("sluice-custom-aggregation-");
        final long start = 1_767_225_600_000L;
        try (Log log = Log.open(dir.resolve("readings"), LogConfig.defaults()))
        {
            // three sensors, one reading a second for ten minutes: sensor s swings around 20 + s degrees by s
            final EventAppender<Reading> appender = new EventAppender<>(log.appender(), new ReadingCodec());
            final Reading reading = new Reading();
            for (int second = 0; second < 600; second++)
            {
                for (int sensor = 0; sensor < 3; sensor++)
                {
                    reading.sensor = sensor;
                    reading.timeMs = start + second * 1000L;
                    reading.celsius = 20 + sensor + (second % 2 == 0 ? sensor : -sensor);
                    appender.append(reading, 1_000);
                }
            }

            final LatestResultView view = new LatestResultView();
            Pipeline.from(LogSource.range(log), new ReadingCodec())
                .withTimestamps(r -> r.timeMs, WatermarkStrategy.boundedOutOfOrderness(0))
                .keyBy(r -> SENSORS[r.sensor], KeyType.strings().named("sensor"))   // no String per event
                .window(TumblingWindows.of(60_000))
                .aggregate(
                    Aggregations.count("readings"),
                    Aggregations.avgDouble("mean_celsius", r -> r.celsius),
                    Aggregations.of("stddev_celsius", new StdDev()))
                .sink(view)
                .build()
                .run(mode);

            System.out.println("sensor,minute,readings,mean_celsius,stddev_celsius");
            final java.util.List<ResultRow> rows = view.window(start);
            rows.sort(java.util.Comparator.comparing(r -> (String)r.keyValue()));
            for (final ResultRow row : rows)
            {
                System.out.printf("%s,%d,%d,%.2f,%.2f%n", row.keyValue(), 0, row.longValue("readings"),
                    row.doubleValue("mean_celsius"), row.doubleValue("stddev_celsius"));
            }
            System.out.println("mode=" + mode + " windows=" + view.rows().size());
        }
        finally
        {
            Quickstart.deleteRecursively(dir);
        }
    }
}
