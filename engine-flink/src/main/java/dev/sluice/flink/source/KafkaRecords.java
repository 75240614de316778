package dev.sluice.flink.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka topic as a source of records for a translated pipeline, through Flink's Kafka connector: each record's
 * value is a payload the pipeline's codec decodes (what a producer wrote with the same codec), its offset the
 * position. The topic's partitions are read in parallel; within a partition in order.
 */
public final class KafkaRecords
{
    private KafkaRecords()
    {
    }

    /**
     * @param bootstrapServers the brokers, {@code host:port,...}.
     * @param topic            the topic.
     * @param groupId          the consumer group (Flink's checkpoints hold the offsets; the group only reports them).
     * @param bounded          true to stop at the offsets that are latest when the job starts (a BATCH job needs it).
     * @return the source, from the earliest offsets.
     */
    public static KafkaSource<LogRecord> topic(
        final String bootstrapServers, final String topic, final String groupId, final boolean bounded)
    {
        final var builder = KafkaSource.<LogRecord>builder()
            .setBootstrapServers(bootstrapServers)
            .setTopics(topic)
            .setGroupId(groupId)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new Values());
        if (bounded)
        {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** A record's value as the payload, its offset as the position. */
    private static final class Values implements KafkaRecordDeserializationSchema<LogRecord>
    {
        private static final long serialVersionUID = 1L;

        public void deserialize(final ConsumerRecord<byte[], byte[]> record, final Collector<LogRecord> out)
        {
            out.collect(new LogRecord(record.offset(), record.value()));
        }

        public TypeInformation<LogRecord> getProducedType()
        {
            return TypeInformation.of(LogRecord.class);
        }
    }
}
