/**
 * Sinks of a translated pipeline's results: {@link dev.sluice.flink.sink.ResultFiles}, Sluice's result formats written
 * exactly-once through Flink's checkpoints.
 */
package dev.sluice.flink.sink;
