/**
 * The Flink runner: {@link dev.sluice.flink.FlinkRunner} translates a pipeline description, given as a serializable
 * {@link dev.sluice.flink.PipelineRecipe}, into a Flink DataStream job whose results
 * ({@link dev.sluice.flink.SluiceResult}) are the local runner's.
 */
package dev.sluice.flink;
