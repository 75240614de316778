/**
 * {@code sluice compare}: the orders-5m query run in BATCH, MICRO_BATCH and STREAMING over the same workload, its
 * throughput over a log written beforehand, its latency under a fixed-rate producer (measured from each event's due
 * time) and a rate sweep, written up as a report with tables, percentile files and charts.
 */
package dev.sluice.examples.compare;
