/**
 * Hazelcast Jet 5.7 running orders-5m in one JVM (an embedded member bound to 127.0.0.1, nothing else on the network):
 * the whole-process peer of {@code sluice orders} beside {@code sluice flink orders}. Hazelcast is a dependency of
 * engine-bench only.
 */
package dev.sluice.bench.jet;
