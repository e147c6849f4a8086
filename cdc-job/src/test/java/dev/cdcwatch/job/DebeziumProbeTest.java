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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Debezium probes on a running job: one MiniCluster and one job for the class (database
 * {@code probe_shop}); each test writes its own table and looks at how the metrics move.
 */
@ExtendWith(SharedInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebeziumProbeTest {

    private static final String DEBEZIUM = "taskmanager.job.task.operator.debezium.";
    private static final String EMIT_LAG = "taskmanager.job.task.operator.currentEmitEventTimeLag";
    private static final String ROUTED = "taskmanager.job.task.operator.cdcwatch.database.table.topic.routedRecords";

    private MariaDbServer db;
    private KafkaBroker kafka;
    private FlinkCluster flink;
    private JobID job;

    @BeforeAll
    void startJob(MariaDbServer db, KafkaBroker kafka) {
        this.db = db;
        this.kafka = kafka;
        SinkGate.open();
        CapturedMetrics.clear();
        db.execute("CREATE DATABASE probe_shop", "CREATE TABLE probe_shop.seed (id INT PRIMARY KEY)", "INSERT INTO probe_shop.seed VALUES (1)");
        kafka.createTopics(1, "probe.seed", "probe.kill_orders", "probe.events", "probe.queue_orders", "probe.stall_orders");
        JobConfig config = new JobConfigLoader(name -> null).parse("""
                job:
                  name: probe-test
                source:
                %s
                  databases: [probe_shop]
                  server-id: 5600-5601
                  position-poll-interval: 500ms
                  # Heartbeats every 200 ms instead of the default 500 ms: the idle-minute test's 2 s bound then has room for a
                  # loaded machine's pauses, which delay heartbeats as they would delay changes.
                  heartbeat-interval: 200ms
                  debezium:
                    max.queue.size: 256
                    max.batch.size: 64
                routing:
                  topic-pattern: 'probe.{table}'
                sink:
                  bootstrap-servers: %s
                checkpointing:
                  interval: 1s
                """.formatted(db.sourceConnectionYaml(), kafka.bootstrapServers()));
        Configuration flinkConfig = CapturedMetrics.install(new Configuration());
        flinkConfig.setString("restart-strategy.type", "fixed-delay");
        flinkConfig.setString("restart-strategy.fixed-delay.attempts", "10");
        flinkConfig.setString("restart-strategy.fixed-delay.delay", "1s");
        flink = FlinkCluster.start(flinkConfig, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, config, changes -> changes.map(new SinkGate()).name("test-gate"));
        job = flink.submit(env);
    }

    @BeforeEach
    void binlogIsBeingRead() {
        SinkGate.open();
        await().atMost(Duration.ofSeconds(90)).until(() -> metric("binlogReading") == 1 && metric("connected") == 1);
    }

    @AfterAll
    void stopJob() {
        SinkGate.open();
        if (flink != null) {
            try {
                flink.cancel(job);
            } finally {
                flink.close();
            }
        }
    }

    @Test
    void insertsRaiseEventsSeenAndTheRouteCounter() {
        db.execute("CREATE TABLE probe_shop.events (id INT PRIMARY KEY, note VARCHAR(20))");
        long seenBefore = metric("eventsSeen");
        long insertedAt = System.currentTimeMillis();

        db.execute("INSERT INTO probe_shop.events VALUES (1, 'a'), (2, 'b'), (3, 'c')", "UPDATE probe_shop.events SET note = 'z'");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(metric("eventsSeen")).as(CapturedMetrics.describe("Record")).isGreaterThanOrEqualTo(seenBefore + 6);
            assertThat(CapturedMetrics.valuesBy(ROUTED, "<table>")).as(CapturedMetrics.describe("routed")).containsEntry("events", 6L);
        });
        // No older than these events (the probe notes them at its next walk, up to 200 ms later).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            long sinceLastEvent = metric("millisecondsSinceLastEvent");
            assertThat(sinceLastEvent).isBetween(0L, System.currentTimeMillis() - insertedAt);
        });
        assertThat(metric("binlogFileNumber")).isPositive();
        assertThat(metric("binlogPosition")).isPositive();
        assertThat(metric("queueTotalCapacity")).isEqualTo(256);
        assertThat(metric("snapshotRunning")).isZero();
        assertThat(metric("gtidMode")).isZero();
    }

    @Test
    void killingTheBinlogDumpThreadCountsOneDisconnectAndLosesNoRow() throws Exception {
        db.execute("CREATE TABLE probe_shop.kill_orders (id INT PRIMARY KEY)");
        long disconnectsBefore = metric("disconnects");
        try (RecordCollector topic = new RecordCollector(kafka, List.of("probe.kill_orders"))) {
            insertRange("kill_orders", 1, 50);
            AtomicBoolean sawDisconnected = new AtomicBoolean();

            killBinlogDumpThread();
            insertRange("kill_orders", 51, 100);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                if (connected().orElse(0) == 0) {
                    sawDisconnected.set(true);
                }
                return sawDisconnected.get() && connected().orElse(0) == 1;
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metric("disconnects")).as(CapturedMetrics.describe("debezium")).isEqualTo(disconnectsBefore + 1));
            insertRange("kill_orders", 101, 150);
            await().atMost(Duration.ofSeconds(60)).until(() -> ids(topic.poll()).size() == 150);
            assertThat(ids(topic.records())).containsExactlyElementsOf(IntStream.rangeClosed(1, 150).boxed().toList());
        }
        assertThat(metric("disconnects")).isEqualTo(disconnectsBefore + 1);
    }

    @Test
    void heldSinkDrainsQueueRemainingCapacityAndItRecovers() {
        db.execute("CREATE TABLE probe_shop.queue_orders (id INT PRIMARY KEY)");
        SinkGate.shut();

        insertRange("queue_orders", 1, 2000);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(metric("queueRemainingCapacity")).isLessThan(32);
            assertThat(metric("queueDepth")).isGreaterThan(224);
        });
        SinkGate.open();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(metric("queueRemainingCapacity")).isGreaterThan(250);
            assertThat(metric("queueDepth")).isLessThan(6);
        });
    }

    @Test
    void stalledBinlogReadingRaisesEmitLagAndPositionLag() {
        db.execute("CREATE TABLE probe_shop.stall_orders (id INT PRIMARY KEY)");
        SinkGate.shut();

        insertRange("stall_orders", 1, 1000);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(emitLag()).isGreaterThan(3_000);
            assertThat(metric("binlogPositionLagBytes")).isPositive();
        });
        SinkGate.open();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(emitLag()).isBetween(0L, 2_000L);
            assertThat(metric("binlogPositionLagBytes")).isZero();
        });
    }

    @Test
    void idleMinuteKeepsEmitLagUnderTwoSeconds() {
        db.execute("INSERT INTO probe_shop.seed VALUES (2)");
        await().atMost(Duration.ofSeconds(30)).until(() -> emitLag() >= 0 && emitLag() < 2_000);

        await().during(Duration.ofSeconds(60)).atMost(Duration.ofSeconds(65)).pollInterval(Duration.ofMillis(250))
                .until(() -> emitLag() >= 0 && emitLag() < 2_000);
    }

    private static long emitLag() {
        return CapturedMetrics.value(EMIT_LAG).orElse(-1);
    }

    private static OptionalLong connected() {
        return CapturedMetrics.value(DEBEZIUM + "connected");
    }

    private void killBinlogDumpThread() {
        // A job of an earlier test class on the shared server may leave its dump thread for a moment after it is cancelled.
        List<Long> ids = await().atMost(Duration.ofSeconds(30)).until(db::binlogDumpThreadIds, threads -> threads.size() == 1);
        db.execute("KILL " + ids.get(0));
    }

    private void insertRange(String table, int from, int to) {
        db.execute("INSERT INTO probe_shop." + table + " VALUES " + IntStream.rangeClosed(from, to)
                .mapToObj(id -> "(" + id + ")").collect(Collectors.joining(",")));
    }

    private static SortedSet<Integer> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> Integer.parseInt(r.key().replaceAll("\\D", "")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static long metric(String name) {
        return CapturedMetrics.value(DEBEZIUM + name).orElse(-1);
    }
}
