package dev.cdcwatch.job;

import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.event.ChangeEvent;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.kafka.RecordCollector;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.MapFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.cdcwatch.job.ReferenceJobCluster.debezium;
import static dev.cdcwatch.job.ReferenceJobCluster.restarts;
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

    private MariaDbServer db;
    private KafkaBroker kafka;
    private ReferenceJobCluster cluster;

    @BeforeAll
    void startCluster(MariaDbServer db, KafkaBroker kafka) {
        this.db = db;
        this.kafka = kafka;
        cluster = ReferenceJobCluster.start(db, kafka);
    }

    @AfterEach
    void openGate() {
        SinkGate.open();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
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
        JobID jobId = cluster.submit(config(job, "switch_shop", "switch", "5610-5611"), changes -> changes.map(new SinkGate()));
        try (RecordCollector collector = new RecordCollector(kafka, topics)) {
            ReferenceJobCluster.awaitBinlogReading(job);

            // The binlog backlog meets a sink that does not keep up: Debezium's queue fills and the binlog
            // reader waits on it for several keep-alive intervals; the connection stays.
            SinkGate.shut();
            // Far more than the queue, the reader's hand-over and Flink's network buffers hold together, so the queue fills.
            insertRange("switch_shop.orders", 501, 20_500);
            // The reader waits on a full queue for four keep-alive intervals (1 s), which the connection must outlive.
            await().atMost(Duration.ofSeconds(90)).during(Duration.ofSeconds(4))
                    .until(() -> debezium(job, "queueRemainingCapacity") == 0 && debezium(job, "connected") == 1);
            SinkGate.open();

            insertRange("switch_shop.invoices", 501, 510);
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.poll().stream()
                    .filter(record -> record.topic().equals("switch.invoices")).count() >= 510);
            assertThat(debezium(job, "disconnects")).as(CapturedMetrics.describe("debezium.disconnects")).isZero();
            assertThat(debezium(job, "connected")).isEqualTo(1);
        } finally {
            cluster.cancel(jobId);
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
        JobID jobId = cluster.submit(config(job, "restart_shop", "restart", "5620-5621"), changes -> changes.map(new FailOnPoison()));
        try {
            ReferenceJobCluster.awaitBinlogReading(job);
            // A lost connection fails the reader: Flink closes it (and its binlog client) and creates a new one.
            cluster.killBinlogDumpThread();
            await().atMost(Duration.ofSeconds(60)).until(() -> restarts(job) == 1);
            ReferenceJobCluster.awaitBinlogReading(job);
            assertThat(debezium(job, "disconnects")).as("disconnects after the restart").isEqualTo(1);

            // A restart for another reason closes the client on purpose: not a lost connection.
            insertRange("restart_shop.poison", 1, 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> restarts(job) == 2);
            ReferenceJobCluster.awaitBinlogReading(job);
            assertThat(debezium(job, "disconnects")).as("disconnects after a restart not caused by the connection").isEqualTo(1);

            cluster.killBinlogDumpThread();
            await().atMost(Duration.ofSeconds(60)).until(() -> restarts(job) == 3);
            await().atMost(Duration.ofSeconds(90)).until(() -> debezium(job, "disconnects") == 2 && debezium(job, "connected") == 1);
        } finally {
            FailOnPoison.ARMED.set(false);
            cluster.cancel(jobId);
        }
    }

    private JobConfig config(String job, String database, String topicPrefix, String serverIds) {
        return cluster.config(job, database, topicPrefix, serverIds, JobConfig.DeliveryGuarantee.AT_LEAST_ONCE);
    }

    private void insertRange(String table, int from, int to) {
        db.execute("INSERT INTO " + table + " VALUES " + IntStream.rangeClosed(from, to)
                .mapToObj(id -> "(" + id + ", 0)").collect(Collectors.joining(",")));
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
