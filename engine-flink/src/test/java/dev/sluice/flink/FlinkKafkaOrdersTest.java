package dev.sluice.flink;

import dev.sluice.core.ExecutionMode;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.flink.source.KafkaRecords;
import dev.sluice.log.Log;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * orders-5m read from a Kafka topic through {@link KafkaRecords} gives the local runner's rows and checksum over the
 * same events: a Kafka 4 broker in KRaft mode (one combined broker and controller) runs inside the test JVM, the
 * workload's {@code OrderEventCodec} bytes are produced into a topic of one partition and one of two, and Flink reads
 * each bounded at the offsets latest when the job starts, in both runtime modes.
 */
class FlinkKafkaOrdersTest
{
    private static final long COUNT = 10_000;
    private static final OrdersWorkload WORKLOAD = OrdersWorkload.defaults().withCount(COUNT);
    /** The local runner's answer for the 10,000 orders, in either mode: no event of the workload is late. */
    private static final int KNOWN_ROWS = 7016;
    private static final String KNOWN_CHECKSUM = "01bbcc62e5f366664604415c900b28b79083ef8194b0dd419ca4217246d6f05c";

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = OrdersLogs.miniCluster();

    @TempDir
    static Path dir;

    private static KafkaClusterTestKit kafka;
    private static OrdersRun.Result local;

    @BeforeAll
    static void produce() throws Exception
    {
        final Path logDir = OrdersLogs.write(dir.resolve("log"), WORKLOAD);
        local = OrdersLogs.local(logDir, WORKLOAD, ExecutionMode.BATCH);
        assertEquals(KNOWN_ROWS, local.rows().size());
        assertEquals(KNOWN_CHECKSUM, local.sha256());

        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
            .setBaseDirectory(dir.resolve("kafka")).build())
            // one broker: the internal topics cannot have the default three replicas
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();

        try (Admin admin = kafka.admin())
        {
            admin.createTopics(List.of(new NewTopic(topic(1), 1, (short)1), new NewTopic(topic(2), 2, (short)1)))
                .all().get();
        }
        try (Log log = Log.openReadOnly(logDir);
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer()))
        {
            // the log's records as they are: each the codec's bytes of one order, in the log's order; with two
            // partitions alternately, so that each partition is in event-time order as the log is
            final long[] sent = new long[1];
            log.scan(log.startPosition(), log.tailPosition(), (buffer, offset, length, position) ->
            {
                final byte[] value = new byte[length];
                buffer.getBytes(offset, value);
                producer.send(new ProducerRecord<>(topic(1), 0, null, value));
                producer.send(new ProducerRecord<>(topic(2), (int)(sent[0]++ & 1), null, value));
            });
            producer.flush();
            assertEquals(COUNT, sent[0]);
        }
    }

    @AfterAll
    static void stopKafka() throws Exception
    {
        if (null != kafka)
        {
            kafka.close();
        }
    }

    @ParameterizedTest(name = "{0} partition(s), {1}, parallelism {2}")
    @CsvSource({
        "1, BATCH, 1",
        "1, STREAMING, 1",
        "2, BATCH, 2",
        "2, STREAMING, 2",
    })
    void shouldGiveTheLocalRunnersChecksum(final int partitions, final ExecutionMode mode, final int parallelism)
        throws Exception
    {
        // bounded in both modes, so that a STREAMING job ends too: its watermark then passes every window
        final FlinkJob.Run flink = FlinkRunner.translateRecords(OrdersLogs.environment(parallelism), mode,
            KafkaRecords.topic(kafka.bootstrapServers(), topic(partitions), "orders-5m-" + mode, true),
            "kafka " + topic(partitions), OrdersLogs.recipe(WORKLOAD)).run("orders-5m");

        assertEquals(COUNT, flink.recordsIn());
        assertEquals(0, flink.eventsLate(), "late events");
        assertEquals(local.rows().size(), flink.rows().size(), "rows");
        assertEquals(Orders5m.lines(local.rows()), Orders5m.lines(flink.rows()));
        assertEquals(KNOWN_CHECKSUM, Orders5m.checksum(flink.rows()));
    }

    private static String topic(final int partitions)
    {
        return "orders-" + partitions;
    }
}
