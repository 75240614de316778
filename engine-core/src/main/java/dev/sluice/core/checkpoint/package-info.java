/**
 * Checkpoint state as users' code meets it: {@link dev.sluice.core.checkpoint.StateOutput} and
 * {@link dev.sluice.core.checkpoint.StateInput} carry a transactional sink's commit mark and every operator's state,
 * {@link dev.sluice.core.checkpoint.CheckpointDescriptor} draws the file layout, and the exceptions say what was
 * wrong with a checkpoint. The store that writes (temporary file, force, atomic rename) and restores the newest
 * valid one is internal. Single-threaded: used by the job thread.
 */
package dev.sluice.core.checkpoint;
