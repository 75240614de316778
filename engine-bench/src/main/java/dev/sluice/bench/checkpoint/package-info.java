/**
 * JMH benchmarks of checkpoints: time and size of one checkpoint of orders-5m's state, the throughput cost of
 * checkpointing (exactly-once and at-least-once) in STREAMING, and the recovery time after a kill.
 * Scratch files go to {@code -Dsluice.bench.dir} (default: the system temp dir) and are deleted after each trial.
 */
package dev.sluice.bench.checkpoint;
