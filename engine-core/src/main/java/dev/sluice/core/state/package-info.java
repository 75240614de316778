/**
 * Keyed window state in primitive-keyed maps and slot-indexed primitive columns: all of a job's mutable
 * operator state lives here, so that a checkpoint can snapshot it at an event boundary.
 * Single-threaded: owned by the job thread.
 */
package dev.sluice.core.state;
