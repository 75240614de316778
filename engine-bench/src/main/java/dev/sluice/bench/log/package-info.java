/**
 * Sluice's engine-log side by side with Chronicle Queue: one driver per log with the hot loops inside it, JMH
 * benchmarks over the drivers (append, scan, one-hop latency), and the quick comparison that needs no JMH.
 * Both logs are measured in the same JVM run, with the same payloads and the same per-record work.
 */
package dev.sluice.bench.log;
