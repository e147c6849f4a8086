package dev.cdcwatch.testkit.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads topics from the beginning and keeps every record seen, in the order each partition gave
 * them. Tests call {@link #poll()} inside an Awaitility condition.
 */
public final class RecordCollector implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    public RecordCollector(KafkaBroker broker, Collection<String> topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-collector-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(topics);
    }

    /** Fetches what has arrived since the last call and returns everything collected so far. */
    public List<ConsumerRecord<String, String>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return List.copyOf(records);
    }

    public List<ConsumerRecord<String, String>> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
