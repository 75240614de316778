package dev.sluice.bench.log;

import dev.sluice.bench.BenchFlags;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The JMH settings every log benchmark inherits (JMH reads these annotations from superclasses): one fork with
 * the JVM flags of {@link BenchFlags} (a JMH fork does not get the jar manifest's {@code Add-Opens}), warm-up,
 * and throughput in operations per second. Override on the command line, e.g. {@code -f 3 -wi 5 -i 10}.
 */
@Fork(value = 1, jvmArgsAppend = {
    BenchFlags.NO_ANALYTICS, BenchFlags.NO_DISK_MONITOR, BenchFlags.AGRONA_MISC,
    BenchFlags.EXPORT_REF, BenchFlags.EXPORT_NIO_CH, BenchFlags.EXPORT_MISC, BenchFlags.EXPORT_JAVAC_FILE,
    BenchFlags.OPEN_JAVAC, BenchFlags.OPEN_LANG, BenchFlags.OPEN_REFLECT, BenchFlags.OPEN_IO, BenchFlags.OPEN_UTIL,
    BenchFlags.OPEN_NIO, BenchFlags.OPEN_NIO_CH, BenchFlags.HEAP_MIN, BenchFlags.HEAP_MAX})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class LogBenchmarkDefaults
{
    /** The payload sizes the log is measured at. */
    static final String SMALL = "40";
    static final String LARGE = "200";

    static boolean isChronicle(final String benchmark)
    {
        return benchmark.endsWith(".chronicle");
    }
}
