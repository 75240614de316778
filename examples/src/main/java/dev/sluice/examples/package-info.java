/**
 * The {@code sluice} command line: runnable front ends over the library (the orders workload, the
 * JSON ingest, the side-by-side benchmarks). Each command is a picocli class; {@link dev.sluice.examples.SluiceCli}
 * is the root.
 */
package dev.sluice.examples;
