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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Not a test (Surefire skips it by name). Run with
 * {@code mvn -o -pl cdc-job test -Dtest=JobThroughputBenchmark -Dbench.rows=100000}.
 * <ul>
 *   <li>{@code throughputWithAndWithoutProbes}: rows/s MySQL binlog -> Kafka for the same job with
 *   {@code source.probes} true and false, alternating, in one run; the job is reading the binlog
 *   (its Binlog Dump thread is up) before the rows are inserted in batches of 1,000.</li>
 *   <li>{@code bytesPerEventByFormat}: mean value size in Kafka of the same snapshot rows and
 *   updates written as debezium-json, compact and canal-json.</li>
 * </ul>
 */
@ExtendWith(SharedInfrastructure.class)
class JobThroughputBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 100_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static int serverId = 5800;

    @Test
    void throughputWithAndWithoutProbes(MariaDbServer db, KafkaBroker kafka) {
        try (FlinkCluster flink = FlinkCluster.start(new Configuration(), 1)) {
            for (int round = 1; round <= ROUNDS; round++) {
                // Alternate which variant runs first, so warm-up and neighbours' load do not favour one.
                for (boolean probes : round % 2 == 1 ? List.of(false, true) : List.of(true, false)) {
                    String database = "bench_" + (probes ? "probed" : "plain") + "_" + round;
                    double rowsPerSecond = binlogThroughput(db, kafka, flink, database, probes);
                    System.out.printf(Locale.ROOT, "BENCH throughput round %d probes=%s: %,d rows in Kafka at %.0f rows/s%n",
                            round, probes, ROWS, rowsPerSecond);
                }
            }
        }
    }

    @Test
    void bytesPerEventByFormat(MariaDbServer db, KafkaBroker kafka) {
        try (FlinkCluster flink = FlinkCluster.start(new Configuration(), 3)) {
            for (String format : List.of("debezium-json", "compact", "canal-json")) {
                String database = "bench_fmt_" + format.replace('-', '_');
                createOrders(db, database);
                insertOrders(db, database, 1, 5_000);
                String topic = "bench." + database + ".orders";
                kafka.createTopics(1, topic);
                JobID job = submit(flink, db, kafka, database, true, format, "initial");
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

    private static double binlogThroughput(MariaDbServer db, KafkaBroker kafka, FlinkCluster flink, String database, boolean probes) {
        createOrders(db, database);
        String topic = "bench." + database + ".orders";
        kafka.createTopics(3, topic);
        await().atMost(Duration.ofSeconds(30)).until(() -> binlogDumpThreads(db) == 0);
        JobID job = submit(flink, db, kafka, database, probes, "debezium-json", "initial");
        await().atMost(Duration.ofSeconds(60)).until(() -> binlogDumpThreads(db) == 1);
        long start = System.nanoTime();
        insertOrders(db, database, 1, ROWS);
        awaitRecords(kafka, topic, ROWS);
        double seconds = (System.nanoTime() - start) / 1e9;
        flink.cancel(job);
        return ROWS / seconds;
    }

    private static JobID submit(FlinkCluster flink, MariaDbServer db, KafkaBroker kafka, String database, boolean probes,
                                String format, String startup) {
        JobConfig config = new JobConfigLoader(name -> null).parse("""
                source:
                  hostname: 127.0.0.1
                  port: %d
                  username: %s
                  password: %s
                  databases: [%s]
                  server-id: %d
                  startup: %s
                  probes: %s
                routing:
                  topic-pattern: 'bench.{database}.{table}'
                sink:
                  bootstrap-servers: %s
                  format: %s
                checkpointing:
                  interval: 5s
                """.formatted(db.port(), MariaDbServer.CDC_USER, MariaDbServer.CDC_PASSWORD, database, serverId++, startup, probes,
                kafka.bootstrapServers(), format));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, config);
        return flink.submit(env);
    }

    private static void createOrders(MariaDbServer db, String database) {
        db.execute("CREATE DATABASE " + database, "CREATE TABLE " + database + ".orders (id INT PRIMARY KEY, customer VARCHAR(40), "
                + "amount DECIMAL(10,2), status VARCHAR(12), created_at DATETIME)");
    }

    private static void insertOrders(MariaDbServer db, String database, int from, int to) {
        int batch = 1_000;
        String[] statements = IntStream.iterate(from, start -> start <= to, start -> start + batch)
                .mapToObj(start -> "INSERT INTO " + database + ".orders VALUES " + IntStream.rangeClosed(start, Math.min(to, start + batch - 1))
                        .mapToObj(id -> "(" + id + ", 'customer-" + (id % 997) + "', " + (id % 10_000) / 100.0 + ", 'NEW', '2026-11-25 10:00:00')")
                        .collect(Collectors.joining(",")))
                .toArray(String[]::new);
        db.execute(statements);
    }

    private static void awaitRecords(KafkaBroker kafka, String topic, long count) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> endOffsets(kafka, topic) >= count);
    }

    private static long endOffsets(KafkaBroker kafka, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        }
    }

    private static int binlogDumpThreads(MariaDbServer db) throws Exception {
        try (Connection admin = db.adminConnection(); Statement statement = admin.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                     + "WHERE USER = '" + MariaDbServer.CDC_USER + "' AND COMMAND LIKE 'Binlog Dump%'")) {
            count.next();
            return count.getInt(1);
        }
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
