package dev.cdcwatch.job;

import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.testkit.flink.FlinkCluster;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.kafka.RecordCollector;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows written while the binlog reader is held up by the sink, or while its connection is cut,
 * all reach Kafka, each exactly once. The reader is held with {@link SinkGate} until Debezium's
 * queue is full and no event has been read for several keep-alive intervals; a connection cut
 * then lands inside a transaction whose rows span several binlog events. Each test runs its own
 * job with an exactly-once sink on its own database.
 */
@ExtendWith(SharedInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinlogConnectionCutTest {

    private static final String DEBEZIUM = "taskmanager.job.task.operator.debezium.";

    private MariaDbServer db;
    private KafkaBroker kafka;
    private FlinkCluster flink;

    @BeforeAll
    void startCluster(MariaDbServer db, KafkaBroker kafka) {
        this.db = db;
        this.kafka = kafka;
        Configuration flinkConfig = CapturedMetrics.install(new Configuration());
        flinkConfig.setString("restart-strategy.type", "fixed-delay");
        flinkConfig.setString("restart-strategy.fixed-delay.attempts", "5");
        flinkConfig.setString("restart-strategy.fixed-delay.delay", "1s");
        flink = FlinkCluster.start(flinkConfig, 1);
    }

    @AfterEach
    void openGate() {
        SinkGate.open();
    }

    @AfterAll
    void stopCluster() {
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void heldReaderLosesNoRowOfAMultiEventInsert() {
        String job = "held-big";
        try (Running running = start(job, "held_big_shop", "heldbig", "5630-5631")) {
            SinkGate.shut();
            // 3,000 rows in one statement: one transaction whose rows span several binlog events.
            db.execute("INSERT INTO held_big_shop.orders SELECT seq, REPEAT('x', 100) FROM held_big_shop.seq_1_to_3000");
            holdReaderPastKeepAlive(job);
            SinkGate.open();

            assertEveryRowArrivesOnce(running.topic(), 3000);
            assertThat(metric(job, "disconnects")).isZero();
        }
    }

    @Test
    void heldReaderLosesNoRowOfManySingleRowTransactions() throws Exception {
        String job = "held-small";
        try (Running running = start(job, "held_small_shop", "heldsmall", "5640-5641")) {
            SinkGate.shut();
            try (Connection connection = db.adminConnection(); Statement statement = connection.createStatement()) {
                for (int id = 1; id <= 2000; id++) {
                    statement.addBatch("INSERT INTO held_small_shop.orders VALUES (" + id + ", 'x')");
                }
                statement.executeBatch();
            }
            holdReaderPastKeepAlive(job);
            SinkGate.open();

            assertEveryRowArrivesOnce(running.topic(), 2000);
            assertThat(metric(job, "disconnects")).isZero();
        }
    }

    @Test
    void connectionKilledInsideATransactionLosesNoRow() throws Exception {
        String job = "killed-mid";
        try (Running running = start(job, "killed_mid_shop", "killedmid", "5650-5651")) {
            SinkGate.shut();
            // About 4 MB of row events in one transaction: more than the client has buffered when the
            // server ends the connection, so the kill lands inside it.
            db.execute("INSERT INTO killed_mid_shop.orders SELECT seq, REPEAT('x', 200) FROM killed_mid_shop.seq_1_to_20000");
            await().atMost(Duration.ofSeconds(60)).until(() -> metric(job, "queueRemainingCapacity") == 0);
            killBinlogDumpThread();
            SinkGate.open();

            assertEveryRowArrivesOnce(running.topic(), 20000);
            await().atMost(Duration.ofSeconds(30)).until(() -> metric(job, "connected") == 1);
            assertThat(metric(job, "disconnects")).isEqualTo(1);
        }
    }

    /** Waits until Debezium's queue is full and the reader has handed it nothing for three keep-alive intervals (1 s). */
    private static void holdReaderPastKeepAlive(String job) {
        await().atMost(Duration.ofSeconds(60)).until(() -> metric(job, "queueRemainingCapacity") == 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> metric(job, "millisecondsSinceLastEvent") > 3_000);
    }

    private static void assertEveryRowArrivesOnce(RecordCollector topic, int rows) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(distinctIds(topic.poll())).as("distinct primary keys in Kafka").hasSize(rows));
        Map<Integer, Long> perId = topic.poll().stream()
                .collect(Collectors.groupingBy(BinlogConnectionCutTest::id, Collectors.counting()));
        assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, rows).boxed().toList());
        assertThat(perId.values()).as("records per primary key").containsOnly(1L);
    }

    private static List<Integer> distinctIds(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(BinlogConnectionCutTest::id).distinct().toList();
    }

    private static int id(ConsumerRecord<String, String> record) {
        return Integer.parseInt(record.key().replaceAll("\\D", ""));
    }

    private Running start(String job, String database, String topicPrefix, String serverIds) {
        db.execute("CREATE DATABASE " + database,
                "CREATE TABLE " + database + ".orders (id INT PRIMARY KEY, note VARCHAR(255))");
        String topic = topicPrefix + ".orders";
        kafka.createTopics(1, topic);
        JobConfig config = new JobConfigLoader(name -> null).parse("""
                job:
                  name: %s
                source:
                  hostname: 127.0.0.1
                  port: %d
                  username: %s
                  password: %s
                  databases: [%s]
                  server-id: %s
                  debezium:
                    max.queue.size: 256
                    max.batch.size: 64
                routing:
                  topic-pattern: '%s.{table}'
                sink:
                  bootstrap-servers: %s
                  delivery-guarantee: exactly-once
                  transactional-id-prefix: %s
                checkpointing:
                  interval: 1s
                """.formatted(job, db.port(), MariaDbServer.CDC_USER, MariaDbServer.CDC_PASSWORD, database, serverIds,
                topicPrefix, kafka.bootstrapServers(), job));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, config, changes -> changes.map(new SinkGate()));
        JobID jobId = flink.submit(env);
        RecordCollector collector = new RecordCollector(kafka, List.of(topic));
        await().atMost(Duration.ofSeconds(90)).until(() -> metric(job, "binlogReading") == 1 && metric(job, "connected") == 1);
        return new Running(jobId, collector);
    }

    /** KILLs the Binlog Dump thread of the one job reading the binlog. */
    private void killBinlogDumpThread() throws Exception {
        try (Connection admin = db.adminConnection(); Statement statement = admin.createStatement()) {
            List<Long> ids = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                ids.clear();
                try (ResultSet dumps = statement.executeQuery("SELECT ID FROM information_schema.PROCESSLIST "
                        + "WHERE USER = '" + MariaDbServer.CDC_USER + "' AND COMMAND LIKE 'Binlog Dump%'")) {
                    while (dumps.next()) {
                        ids.add(dumps.getLong(1));
                    }
                }
                return ids.size() == 1;
            });
            statement.execute("KILL " + ids.get(0));
        }
    }

    private static long metric(String job, String name) {
        return CapturedMetrics.valuesBy(DEBEZIUM + name, "<job_name>").getOrDefault(job, -1L);
    }

    /** One test's job and the collector reading its topic; closing cancels the job. */
    private final class Running implements AutoCloseable {
        private final JobID jobId;
        private final RecordCollector topic;

        Running(JobID jobId, RecordCollector topic) {
            this.jobId = jobId;
            this.topic = topic;
        }

        RecordCollector topic() {
            return topic;
        }

        @Override
        public void close() {
            SinkGate.open();
            try {
                topic.close();
            } finally {
                flink.cancel(jobId);
            }
        }
    }
}
