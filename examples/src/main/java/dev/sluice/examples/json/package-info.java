/**
 * The orders workload as JSON lines (examples/workloads/orders-json.md): a decoder over Jackson's non-blocking
 * parser that reads a line into an OrderEvent or says why not, the writer of the spec's exact line, a Codec for logs
 * of JSON records, and the ingest of JSON lines into a log of binary orders with its rejects file.
 * Decoders, writers and ingests are not thread-safe: one per thread.
 */
package dev.sluice.examples.json;
