package dev.cdcwatch.lineage;

import dev.cdcwatch.lineage.lag.ClusterLag;
import dev.cdcwatch.lineage.lag.PartitionLag;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Lag in seconds against the true age of the first unconsumed record, on a real broker. */
@ExtendWith(SharedInfrastructure.class)
class LagSecondsEstimateTest {

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final TestDatabase database = new TestDatabase();
    private LineageCollector collector;
    private TestProducer producer;
    private TestConsumer committer;

    @AfterEach
    void closeAll() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (committer != null) {
            committer.close();
        }
        if (collector != null) {
            collector.close();
        }
        database.close();
    }

    private void startCollector(KafkaBroker kafka) {
        collector = new LineageCollector(TestConfigs.config(
                List.of(TestConfigs.cluster("main", kafka.bootstrapServers(), 200, 5_000, id + "-")), List.of()), database.dataSource());
        collector.start();
    }

    private Optional<PartitionLag> partition(String group) {
        return collector.latestPoll("main").flatMap(poll -> poll.groups().stream().filter(g -> g.group().equals(group)).findFirst())
                .flatMap(g -> g.partitions().stream().findFirst());
    }

    @Test
    void estimateIsWithinTenPercentOfTheFirstUnconsumedRecordsAge(KafkaBroker kafka) {
        String topic = id + "-clicks";
        String group = id + "-analytics";
        TopicPartition partition = new TopicPartition(topic, 0);
        kafka.createTopics(1, topic);
        committer = TestConsumer.committer(kafka.bootstrapServers(), group);
        committer.commit(partition, 0);
        startCollector(kafka);
        await().atMost(Duration.ofSeconds(20)).until(() -> partition(group).isPresent());

        producer = new TestProducer(kafka.bootstrapServers());
        producer.startSteady(topic, 100);
        await().atMost(Duration.ofSeconds(20)).until(() -> partition(group).map(PartitionLag::endOffset).orElse(0L) >= 30);
        committer.commit(partition, 10);
        long appended = timestampOf(kafka, partition, 10);

        // Fifteen seconds old: a poll or send delayed by a loaded machine moves the interpolation by well under 10 %.
        ClusterLag poll = await().atMost(Duration.ofSeconds(40)).until(() -> collector.latestPoll("main").orElseThrow(),
                p -> p.timeMillis() >= appended + 15_000);

        PartitionLag lag = poll.groups().stream().filter(g -> g.group().equals(group)).findFirst().orElseThrow().partitions().get(0);
        double trueAgeSeconds = (poll.timeMillis() - appended) / 1000.0;
        assertThat(lag.committedOffset()).isEqualTo(10);
        assertThat(lag.lagSecondsAtLeast()).isFalse();
        assertThat(lag.lagSeconds()).isCloseTo(trueAgeSeconds, org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void reprocessingFromEarliestIsBoundedByWhatTheTableCovers(KafkaBroker kafka) {
        String topic = id + "-history";
        String group = id + "-backfill";
        TopicPartition partition = new TopicPartition(topic, 0);
        kafka.createTopics(1, topic);
        producer = new TestProducer(kafka.bootstrapServers());
        producer.send(topic, 50);
        committer = TestConsumer.committer(kafka.bootstrapServers(), group);
        committer.commit(partition, 0);
        startCollector(kafka);
        long firstSeen = await().atMost(Duration.ofSeconds(20)).until(() -> collector.latestPoll("main").orElse(null),
                p -> p != null && !p.groups().isEmpty()).timeMillis();

        ClusterLag poll = await().atMost(Duration.ofSeconds(20)).until(() -> collector.latestPoll("main").orElseThrow(),
                p -> p.timeMillis() > firstSeen + 1_500);

        // The records predate the collector: the estimate is "at least as old as the table", never an extrapolation.
        PartitionLag lag = poll.groups().get(0).partitions().get(0);
        assertThat(lag.lagRecords()).isEqualTo(50);
        assertThat(lag.lagSecondsAtLeast()).isTrue();
        assertThat(lag.lagSeconds()).isEqualTo((poll.timeMillis() - firstSeen) / 1000.0);
    }

    private static long timestampOf(KafkaBroker kafka, TopicPartition partition, long offset) {
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            reader.assign(List.of(partition));
            reader.seek(partition, offset);
            ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(10)).until(
                    () -> reader.poll(Duration.ofMillis(200)).records(partition).stream().findFirst().orElse(null),
                    r -> r != null);
            assertThat(record.offset()).isEqualTo(offset);
            return record.timestamp();
        }
    }
}
