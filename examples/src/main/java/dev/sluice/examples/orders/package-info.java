/**
 * The orders workload of examples/workloads/orders.md: SplitMix64 generator, the fixed-layout
 * OrderEvent codec, the orders-5m query with its SHA-256 checksum, and a runner for the command line
 * whose run directories record, in a manifest, which workload and query they hold.
 * Generators and codecs are not thread-safe: one per thread.
 */
package dev.sluice.examples.orders;
