/**
 * The append-only, memory-mapped, segmented event log: one writer, any number of readers in this
 * JVM or in other processes, replay by position, record number or timestamp, durable cursors and
 * retention. Records are bytes; nothing here knows of events, windows or pipelines. Many threads of one JVM
 * append at once through {@link dev.sluice.log.ManyToOneLogAppender}, a queue drained into the one writer. A
 * {@link dev.sluice.log.PartitionedLog} is a set of logs, each with its own writer, that records are routed to by
 * their key's group ({@link dev.sluice.log.KeyGroups}).
 * <p>
 * Public: {@link dev.sluice.log.Log} and its configuration, appenders, readers, cursors, the record and
 * segment layouts ({@code *Descriptor}) and the exceptions. Package-private: recovery, retention, the
 * writer lock, segment files and their preparation, indexes and shared mappings.
 */
package dev.sluice.log;
