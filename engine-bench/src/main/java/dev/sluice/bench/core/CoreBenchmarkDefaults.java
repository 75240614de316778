package dev.sluice.bench.core;

import dev.sluice.bench.BenchFlags;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The JMH settings every engine-core benchmark inherits: one fork with the flags engine-core needs (Agrona's
 * {@code jdk.internal.misc} export; Chronicle's are not needed, nothing here loads it) and the fixed heap of
 * {@link BenchFlags}, warm-up, and throughput per second. A fork does not get the jar manifest's flags, hence
 * {@code jvmArgsAppend}; add more with {@code -jvmArgs}, since {@code -jvmArgsAppend} replaces this list.
 */
@Fork(value = 1, jvmArgsAppend = {BenchFlags.AGRONA_MISC, BenchFlags.HEAP_MIN, BenchFlags.HEAP_MAX})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class CoreBenchmarkDefaults
{
}
