package dev.cdcwatch.lineage;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A real consumer in a real group, driven from the test thread: it consumes and commits only when
 * told, so "pausing" it is simply not calling it (it stays a member: its heartbeat thread runs on).
 */
final class TestConsumer implements AutoCloseable {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, String> consumer;

    private TestConsumer(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    /** A group member subscribed to the topics. */
    static TestConsumer subscribed(String bootstrapServers, String group, String... topics) {
        TestConsumer consumer = new TestConsumer(new KafkaConsumer<>(properties(bootstrapServers, group)));
        consumer.consumer.subscribe(List.of(topics));
        return consumer;
    }

    /** A consumer that only commits offsets for the group, without joining it (as tools that reset offsets do). */
    static TestConsumer committer(String bootstrapServers, String group) {
        return new TestConsumer(new KafkaConsumer<>(properties(bootstrapServers, group)));
    }

    private static Map<String, Object> properties(String bootstrapServers, String group) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    }

    /** Polls until every assigned partition is read to its end, then commits. */
    void catchUp() {
        Instant deadline = Instant.now().plus(CATCH_UP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(100));
            if (!consumer.assignment().isEmpty() && caughtUp()) {
                consumer.commitSync();
                return;
            }
        }
        throw new AssertionError("consumer of " + consumer.subscription() + " did not catch up within " + CATCH_UP_TIMEOUT);
    }

    private boolean caughtUp() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    void commit(TopicPartition partition, long offset) {
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
