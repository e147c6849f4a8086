package dev.cdcwatch.job;

import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.testkit.flink.FlinkCluster;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Not a test (Surefire skips it by name). Run with {@code mvn -o -pl cdc-job test -Dtest=BytesPerEventBenchmark}:
 * mean value size in Kafka of the same snapshot rows, updates and deletes written as debezium-json, compact and
 * canal-json. The job's throughput with and without its instrumentation is measured by the bench module's
 * JobThroughputBenchmark, which can load the metrics-reporter.
 */
@ExtendWith(SharedInfrastructure.class)
class BytesPerEventBenchmark {

    @Test
    void bytesPerEventByFormat(MariaDbServer db, KafkaBroker kafka) {
        int serverId = 5800;
        try (FlinkCluster flink = FlinkCluster.start(new Configuration(), 3)) {
            for (String format : List.of("debezium-json", "compact", "canal-json")) {
                String database = "bench_fmt_" + format.replace('-', '_');
                createOrders(db, database);
                db.execute(insertStatements(database, 5_000));
                String topic = "bench." + database + ".orders";
                kafka.createTopics(1, topic);
                JobID job = submit(flink, db, kafka, database, format, serverId++);
                awaitRecords(kafka, topic, 5_000);
                db.execute("UPDATE " + database + ".orders SET status = 'PAID' WHERE id % 2 = 0",
                        "DELETE FROM " + database + ".orders WHERE id % 10 = 0");
                awaitRecords(kafka, topic, 8_000);
                flink.cancel(job);
                System.out.printf(Locale.ROOT, "BENCH format %s: %.1f bytes/event over 8,000 events (5,000 snapshot, 2,500 updates, 500 deletes)%n",
                        format, meanValueBytes(kafka, topic));
            }
        }
    }

    private static JobID submit(FlinkCluster flink, MariaDbServer db, KafkaBroker kafka, String database, String format, int serverId) {
        JobConfig config = new JobConfigLoader(name -> null).parse("""
                source:
                %s
                  databases: [%s]
                  server-id: %d
                routing:
                  topic-pattern: 'bench.{database}.{table}'
                sink:
                  bootstrap-servers: %s
                  format: %s
                checkpointing:
                  interval: 5s
                """.formatted(db.sourceConnectionYaml(), database, serverId, kafka.bootstrapServers(), format));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, config);
        return flink.submit(env);
    }

    private static void createOrders(MariaDbServer db, String database) {
        db.execute("CREATE DATABASE " + database, "CREATE TABLE " + database + ".orders (id INT PRIMARY KEY, customer VARCHAR(40), "
                + "amount DECIMAL(10,2), status VARCHAR(12), created_at DATETIME)");
    }

    private static String[] insertStatements(String database, int rows) {
        int batch = 1_000;
        return IntStream.iterate(1, start -> start <= rows, start -> start + batch)
                .mapToObj(start -> "INSERT INTO " + database + ".orders VALUES " + IntStream.rangeClosed(start, Math.min(rows, start + batch - 1))
                        .mapToObj(id -> "(" + id + ", 'customer-" + (id % 997) + "', " + (id % 10_000) / 100.0 + ", 'NEW', '2026-11-25 10:00:00')")
                        .collect(Collectors.joining(",")))
                .toArray(String[]::new);
    }

    private static void awaitRecords(KafkaBroker kafka, String topic, long count) {
        try (Admin admin = kafka.admin()) {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> endOffsets(admin, topic) >= count);
        }
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(partitions).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    private static double meanValueBytes(KafkaBroker kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long bytes = 0;
            long events = 0;
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < Duration.ofSeconds(3).toNanos()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    bytes += record.value().length;
                    events++;
                    idleSince = System.nanoTime();
                }
            }
            return (double) bytes / events;
        }
    }
}
