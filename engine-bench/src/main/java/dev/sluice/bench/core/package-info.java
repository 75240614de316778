/**
 * JMH benchmarks of engine-core: orders-5m over a 10M-order log in BATCH, MICRO_BATCH and STREAMING, and in one
 * long-running job over an endless replayed stream (steady state), in events/s with bytes per event
 * ({@code -prof gc}); and the check that streaming state stays bounded by the watermark ({@link HeapFlatness}).
 */
package dev.sluice.bench.core;
