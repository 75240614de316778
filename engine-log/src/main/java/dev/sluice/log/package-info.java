/**
 * The append-only, memory-mapped, segmented event log: one writer, any number of readers in this
 * JVM or in other processes, replay by position, record number or timestamp, durable cursors and
 * retention. Records are bytes; nothing here knows of events, windows or pipelines.
 */
package dev.sluice.log;
