/**
 * Record sources: a bounded log range (by position, record number or timestamp), the log tail (follow),
 * and an in-memory log for tests; {@link dev.sluice.core.source.PartitionedLogSource} reads every partition of a
 * partitioned log, each an input of its own with its own watermark ({@link dev.sluice.core.source.PartitionedSource}).
 * A source hands framed records to a {@link dev.sluice.log.RecordHandler}.
 * A source instance is used by one job thread; the in-memory log's appends must come from that thread too.
 * {@link dev.sluice.core.source.EventAppender} is the other way in: events appended through their codec, in place;
 * {@link dev.sluice.core.source.ManyToOneEventAppender} does the same from any number of threads at once.
 */
package dev.sluice.core.source;
