/**
 * Flink sources of records for a translated pipeline: a Sluice log ({@link dev.sluice.flink.source.LogRecordSource},
 * split into record ranges, bounded or following the tail) and the records of any other Flink source, such as a Kafka
 * topic, as {@link dev.sluice.flink.source.LogRecord}s that the pipeline's codec decodes.
 */
package dev.sluice.flink.source;
