/**
 * JMH benchmarks of the JSON ingest (examples/workloads/orders-json.md): decoding lines into orders, the whole
 * ingest into a page-cache log on one thread, and jackson-databind parsing the same lines into objects, side by
 * side in one run; events/s with bytes/s beside them.
 */
package dev.sluice.bench.json;
