package dev.cdcwatch.job.sink;

import dev.cdcwatch.job.event.ChangeEvent;
import dev.cdcwatch.job.route.TopicRouter;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * Writes a change to its table's topic. The Kafka key is the primary key, and the partition is a
 * stable hash of it (Kafka's murmur2, as its default partitioner uses), so every change of one row
 * lands in one partition in binlog order.
 */
public final class ChangeEventRecordSerializer implements KafkaRecordSerializationSchema<ChangeEvent> {

    private static final long serialVersionUID = 1L;

    private final TopicRouter router;
    private final ValueFormat format;

    public ChangeEventRecordSerializer(TopicRouter router, ValueFormat format) {
        this.router = router;
        this.format = format;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ChangeEvent event, KafkaSinkContext context, Long timestamp) {
        String topic = router.topicFor(event.database(), event.table());
        byte[] key = event.key() == null ? null : event.key().getBytes(StandardCharsets.UTF_8);
        int[] partitions = context.getPartitionsForTopic(topic);
        byte[] hashed = key != null ? key : (event.database() + "." + event.table()).getBytes(StandardCharsets.UTF_8);
        int partition = partitions[Utils.toPositive(Utils.murmur2(hashed)) % partitions.length];
        return new ProducerRecord<>(topic, partition, event.sourceTimestampMillis() > 0 ? event.sourceTimestampMillis() : null,
                key, format.encode(event));
    }
}
