/**
 * The local runner's internals, not an API: the record processor (decode, stages, watermark), the keyed window
 * operators (a slot table for tumbling, hopping and global windows; merging sessions), their state tables
 * ({@code WindowState}, {@code KeySlotMap}, {@code WindowBucket}), the watermark tracker and the checkpoint file
 * store. {@code dev.sluice.core.LocalPlan} wires them from a pipeline's description. Types here are public only so
 * that {@code dev.sluice.core} can plan and drive them; they change in any release. Single-threaded: everything
 * here belongs to one job's thread.
 */
package dev.sluice.core.internal;
