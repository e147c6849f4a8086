package dev.cdcwatch.job;

import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.job.event.ChangeEvent;
import dev.cdcwatch.testkit.flink.FlinkCluster;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.kafka.RecordCollector;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The disconnects counter counts binlog connections lost, and only those: not the connector's own
 * closes around the switch from snapshot to binlog, no connection is dropped because its reader is
 * held up by the sink, and it never starts again from 0 when the reader is re-created by the
 * restart a lost connection causes. Each test runs its own job on its own database in one MiniCluster.
 */
@ExtendWith(SharedInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisconnectCountTest {

    private static final String DEBEZIUM = "taskmanager.job.task.operator.debezium.";
    private static final String RESTARTS = "jobmanager.job.numRestarts";

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
    void switchToBinlogUnderBackPressureCountsNoDisconnect() {
        String job = "switch-test";
        db.execute("CREATE DATABASE switch_shop",
                "CREATE TABLE switch_shop.customers (id INT PRIMARY KEY, note INT)",
                "CREATE TABLE switch_shop.orders (id INT PRIMARY KEY, note INT)",
                "CREATE TABLE switch_shop.invoices (id INT PRIMARY KEY, note INT)");
        List<String> tables = List.of("customers", "orders", "invoices");
        tables.forEach(table -> insertRange("switch_shop." + table, 1, 500));
        List<String> topics = tables.stream().map(table -> "switch." + table).toList();
        kafka.createTopics(1, topics.toArray(String[]::new));
        JobID jobId = flink.submit(pipeline(job, "switch_shop", "switch", "5610-5611", changes -> changes.map(new SinkGate())));
        try (RecordCollector collector = new RecordCollector(kafka, topics)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> metric(job, "binlogReading") == 1 && metric(job, "connected") == 1);

            // The binlog backlog meets a sink that does not keep up: Debezium's queue fills and the binlog
            // reader waits on it for several keep-alive intervals; the connection stays.
            SinkGate.shut();
            // Far more than the queue, the reader's hand-over and Flink's network buffers hold together, so the queue fills.
            insertRange("switch_shop.orders", 501, 20_500);
            await().atMost(Duration.ofSeconds(60)).until(() -> metric(job, "queueRemainingCapacity") == 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> metric(job, "millisecondsSinceLastEvent") > 3_000);
            assertThat(metric(job, "connected")).isEqualTo(1);
            SinkGate.open();

            insertRange("switch_shop.invoices", 501, 510);
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.poll().stream()
                    .filter(record -> record.topic().equals("switch.invoices")).count() >= 510);
            assertThat(metric(job, "disconnects")).as(CapturedMetrics.describe("debezium.disconnects")).isZero();
            assertThat(metric(job, "connected")).isEqualTo(1);
        } finally {
            flink.cancel(jobId);
        }
    }

    @Test
    void disconnectsKeepCountingAcrossTaskRestarts() throws Exception {
        String job = "restart-test";
        db.execute("CREATE DATABASE restart_shop",
                "CREATE TABLE restart_shop.orders (id INT PRIMARY KEY, note INT)",
                "CREATE TABLE restart_shop.poison (id INT PRIMARY KEY, note INT)");
        insertRange("restart_shop.orders", 1, 10);
        FailOnPoison.ARMED.set(true);
        JobID jobId = flink.submit(pipeline(job, "restart_shop", "restart", "5620-5621", changes -> changes.map(new FailOnPoison())));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> metric(job, "binlogReading") == 1 && metric(job, "connected") == 1);
            // A lost connection fails the reader: Flink closes it (and its binlog client) and creates a new one.
            killBinlogDumpThread();
            await().atMost(Duration.ofSeconds(60)).until(() -> metricOf(RESTARTS, job) == 1);
            await().atMost(Duration.ofSeconds(90)).until(() -> metric(job, "binlogReading") == 1 && metric(job, "connected") == 1);
            assertThat(metric(job, "disconnects")).as("disconnects after the restart").isEqualTo(1);

            // A restart for another reason closes the client on purpose: not a lost connection.
            insertRange("restart_shop.poison", 1, 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> metricOf(RESTARTS, job) == 2);
            await().atMost(Duration.ofSeconds(90)).until(() -> metric(job, "binlogReading") == 1 && metric(job, "connected") == 1);
            assertThat(metric(job, "disconnects")).as("disconnects after a restart not caused by the connection").isEqualTo(1);

            killBinlogDumpThread();
            await().atMost(Duration.ofSeconds(60)).until(() -> metricOf(RESTARTS, job) == 3);
            await().atMost(Duration.ofSeconds(90)).until(() -> metric(job, "disconnects") == 2 && metric(job, "connected") == 1);
        } finally {
            FailOnPoison.ARMED.set(false);
            flink.cancel(jobId);
        }
    }

    private StreamExecutionEnvironment pipeline(String job, String database, String topicPrefix, String serverIds,
                                                UnaryOperator<DataStream<ChangeEvent>> beforeSink) {
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
                checkpointing:
                  interval: 1s
                """.formatted(job, db.port(), MariaDbServer.CDC_USER, MariaDbServer.CDC_PASSWORD, database, serverIds,
                topicPrefix, kafka.bootstrapServers()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, config, beforeSink);
        return env;
    }

    /** KILLs the Binlog Dump thread of the one job reading the binlog, once a cancelled job's has gone. */
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

    private void insertRange(String table, int from, int to) {
        db.execute("INSERT INTO " + table + " VALUES " + IntStream.rangeClosed(from, to)
                .mapToObj(id -> "(" + id + ", 0)").collect(Collectors.joining(",")));
    }

    private static long metric(String job, String name) {
        return metricOf(DEBEZIUM + name, job);
    }

    private static long metricOf(String logicalName, String job) {
        return CapturedMetrics.valuesBy(logicalName, "<job_name>").getOrDefault(job, -1L);
    }

    /** Fails the task once, on the first change of table {@code poison}, so Flink restarts it. */
    static final class FailOnPoison implements MapFunction<ChangeEvent, ChangeEvent> {
        static final AtomicBoolean ARMED = new AtomicBoolean();

        @Override
        public ChangeEvent map(ChangeEvent change) {
            if ("poison".equals(change.table()) && ARMED.compareAndSet(true, false)) {
                throw new IllegalStateException("test failure: restart the task");
            }
            return change;
        }
    }
}
