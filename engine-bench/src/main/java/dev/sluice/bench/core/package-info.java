/**
 * JMH benchmarks of engine-core: orders-5m over a 10M-order log in BATCH, MICRO_BATCH and STREAMING, and in one
 * long-running job over an endless replayed stream (steady state), in events/s with bytes per event
 * ({@code -prof gc}); and the check that streaming state stays bounded by the watermark ({@link HeapFlatness}).
 * The quantile sketch against Datadog's DDSketch on the orders amounts: speed in {@link QuantileSketchBenchmark},
 * accuracy and bytes per slot in {@link QuantileSketchFigures}.
 */
package dev.sluice.bench.core;
