package dev.cdcwatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.kafka.RecordCollector;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.cdcwatch.job.ReferenceJobCluster.debezium;
import static dev.cdcwatch.job.ReferenceJobCluster.restarts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows written while the binlog reader is held up by the sink, or while its connection is cut,
 * all reach Kafka, each exactly once. The reader is held with {@link SinkGate} until Debezium's
 * queue is full and no event has been read for several keep-alive intervals; a connection cut
 * then lands inside a transaction whose rows span several binlog events. A snapshot chunk's
 * backfill is held with {@link NoteGate} while its own binlog connection is open, and that
 * connection is cut. Each test runs its own job with an exactly-once sink on its own database.
 */
@ExtendWith(SharedInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinlogConnectionCutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void openGates() {
        SinkGate.open();
        NoteGate.openAll();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void heldReaderLosesNoRowOfAMultiEventInsert() {
        String job = "held-big";
        try (Running running = start(job, "held_big_shop", "heldbig", "5630-5631", Map.of())) {
            ReferenceJobCluster.awaitBinlogReading(job);
            SinkGate.shut();
            // 3,000 rows in one statement: one transaction whose rows span several binlog events.
            db.execute("INSERT INTO held_big_shop.orders SELECT seq, REPEAT('x', 100) FROM held_big_shop.seq_1_to_3000");
            holdReaderPastKeepAlive(job);
            SinkGate.open();

            assertEveryRowArrivesOnce(running.topic(), 3000);
            assertThat(debezium(job, "disconnects")).isZero();
        }
    }

    @Test
    void heldReaderLosesNoRowOfManySingleRowTransactions() throws Exception {
        String job = "held-small";
        try (Running running = start(job, "held_small_shop", "heldsmall", "5640-5641", Map.of())) {
            ReferenceJobCluster.awaitBinlogReading(job);
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
            assertThat(debezium(job, "disconnects")).isZero();
        }
    }

    @Test
    void connectionKilledInsideATransactionLosesNoRow() throws Exception {
        String job = "killed-mid";
        try (Running running = start(job, "killed_mid_shop", "killedmid", "5650-5651", Map.of())) {
            ReferenceJobCluster.awaitBinlogReading(job);
            SinkGate.shut();
            // About 4 MB of row events in one transaction: more than the client has buffered when the
            // server ends the connection, so the kill lands inside it.
            db.execute("INSERT INTO killed_mid_shop.orders SELECT seq, REPEAT('x', 200) FROM killed_mid_shop.seq_1_to_20000");
            await().atMost(Duration.ofSeconds(60)).until(() -> debezium(job, "queueRemainingCapacity") == 0);
            cluster.killBinlogDumpThread();
            SinkGate.open();

            assertEveryRowArrivesOnce(running.topic(), 20000);
            await().atMost(Duration.ofSeconds(30)).until(() -> debezium(job, "connected") == 1);
            assertThat(debezium(job, "disconnects")).isEqualTo(1);
        }
    }

    /**
     * A snapshot chunk's backfill reads the binlog written while the chunk was selected, over a
     * binlog connection of its own. The chunk's select is held at row 1500 while changes and 40 MB
     * of other tables' rows are written, so they lie between its low and high watermark; the
     * backfill is then held at the first of those changes with its connection open, and the
     * connection is killed while the rest is still on the server's side.
     */
    @Test
    void backfillConnectionCutFailsOverAndLosesNoRow() throws Exception {
        String job = "killed-backfill";
        String shop = "killed_backfill_shop";
        db.execute("CREATE DATABASE killed_backfill_ballast",
                "CREATE TABLE killed_backfill_ballast.filler (id INT PRIMARY KEY, note VARCHAR(255))");
        Map<Integer, Integer> versions = new LinkedHashMap<>();
        List<Integer> changed = List.of(10, 20, 1100, 1200, 2500, 2900);
        Map<String, String> extras = new HashMap<>(NoteGate.debeziumProperties());
        extras.put("snapshot-chunk-size", "1000");
        NoteGate.shut("hold-snapshot");
        NoteGate.shut("hold-backfill");
        try (Running running = start(job, shop, "killedbackfill", "5660-5661", extras, 3000);
             Connection writer = db.adminConnection(); Statement statement = writer.createStatement()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> NoteGate.holding("hold-snapshot"));

            // Between the held chunk's low and high watermark: each changed row moves to v1, then one
            // transaction passes 'hold-backfill' (only the binlog ever shows it), then 40 MB of
            // another database's rows, more than the sockets between server and client hold.
            changed.forEach(id -> update(statement, shop, id, 1, versions));
            writer.setAutoCommit(false);
            statement.execute("UPDATE " + shop + ".orders SET note = 'hold-backfill' WHERE id = 2900");
            update(statement, shop, 2900, 2, versions);
            writer.commit();
            writer.setAutoCommit(true);
            statement.execute("INSERT INTO killed_backfill_ballast.filler SELECT seq, REPEAT('b', 200) "
                    + "FROM killed_backfill_ballast.seq_1_to_200000");
            NoteGate.open("hold-snapshot");

            await().atMost(Duration.ofSeconds(60)).until(() -> NoteGate.holding("hold-backfill"));
            long restartsBefore = restarts(job);
            cluster.killBinlogDumpThread();
            NoteGate.open("hold-backfill");

            // Writes while the job fails over and after: new rows and further versions.
            changed.forEach(id -> update(statement, shop, id, 3, versions));
            statement.execute("INSERT INTO " + shop + ".orders SELECT seq, 'v0' FROM " + shop + ".seq_3001_to_3200");
            await().atMost(Duration.ofSeconds(90)).until(() -> restarts(job) == restartsBefore + 1);
            ReferenceJobCluster.awaitBinlogReading(job);
            changed.forEach(id -> update(statement, shop, id, 4, versions));

            assertEveryRowArrivesInOrder(running.topic(), 3200, versions);
            assertThat(debezium(job, "disconnects")).as("disconnects").isEqualTo(1);
            assertThat(restarts(job)).as("restarts").isEqualTo(restartsBefore + 1);
        }
    }

    private static void update(Statement statement, String database, int id, int version, Map<Integer, Integer> versions) {
        try {
            statement.execute("UPDATE " + database + ".orders SET note = 'v" + version + "' WHERE id = " + id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        versions.put(id, version);
    }

    /**
     * Waits until Debezium's queue has stayed full, with the connection up, for four keep-alive intervals (1 s): the
     * reader is held that long. Queue and connection are read rather than the time since the last event, which a
     * loaded machine did not see pass 3 s within a minute once (DisconnectCountTest).
     */
    private static void holdReaderPastKeepAlive(String job) {
        await().atMost(Duration.ofSeconds(90)).during(Duration.ofSeconds(4))
                .until(() -> debezium(job, "queueRemainingCapacity") == 0 && debezium(job, "connected") == 1);
    }

    private static void assertEveryRowArrivesOnce(RecordCollector topic, int rows) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(distinctIds(topic.poll())).as("distinct primary keys in Kafka").hasSize(rows));
        Map<Integer, Long> perId = topic.poll().stream()
                .collect(Collectors.groupingBy(BinlogConnectionCutTest::id, Collectors.counting()));
        assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, rows).boxed().toList());
        assertThat(perId.values()).as("records per primary key").containsOnly(1L);
    }

    /**
     * Every key 1..rows is in Kafka, and each changed key's versions arrive in the order they were
     * written, none twice, ending with the last one written.
     */
    private static void assertEveryRowArrivesInOrder(RecordCollector topic, int rows, Map<Integer, Integer> lastVersions) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> records = topic.poll();
            assertThat(distinctIds(records)).as("distinct primary keys in Kafka").hasSize(rows);
            lastVersions.forEach((id, version) -> assertThat(versionsOf(records, id)).as("versions of id %d", id).endsWith(version));
        });
        List<ConsumerRecord<String, String>> records = topic.poll();
        assertThat(distinctIds(records)).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, rows).boxed().toList());
        lastVersions.keySet().forEach(id -> assertThat(versionsOf(records, id)).as("versions of id %d in Kafka order", id)
                .isSorted().doesNotHaveDuplicates());
    }

    private static List<Integer> versionsOf(List<ConsumerRecord<String, String>> records, int id) {
        return records.stream().filter(record -> id(record) == id).map(BinlogConnectionCutTest::version).toList();
    }

    private static int version(ConsumerRecord<String, String> record) {
        try {
            JsonNode note = JSON.readTree(record.value()).path("after").path("note");
            return Integer.parseInt(note.asText().substring(1));
        } catch (Exception e) {
            throw new AssertionError("no version in " + record.value(), e);
        }
    }

    private static List<Integer> distinctIds(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(BinlogConnectionCutTest::id).distinct().toList();
    }

    private static int id(ConsumerRecord<String, String> record) {
        return Integer.parseInt(record.key().replaceAll("\\D", ""));
    }

    private Running start(String job, String database, String topicPrefix, String serverIds, Map<String, String> sourceExtras) {
        return start(job, database, topicPrefix, serverIds, sourceExtras, 0);
    }

    /** Creates {@code database.orders} with rows 1..{@code rows} (note 'v0', row 1500 'hold-snapshot') and starts a job on it. */
    private Running start(String job, String database, String topicPrefix, String serverIds, Map<String, String> sourceExtras,
                          int rows) {
        db.execute("CREATE DATABASE " + database,
                "CREATE TABLE " + database + ".orders (id INT PRIMARY KEY, note VARCHAR(255))");
        if (rows > 0) {
            db.execute("INSERT INTO " + database + ".orders SELECT seq, IF(seq = 1500, 'hold-snapshot', 'v0') FROM "
                    + database + ".seq_1_to_" + rows);
        }
        String topic = topicPrefix + ".orders";
        kafka.createTopics(1, topic);
        JobConfig config = cluster.config(job, database, topicPrefix, serverIds, JobConfig.DeliveryGuarantee.EXACTLY_ONCE, sourceExtras);
        JobID jobId = cluster.submit(config, changes -> changes.map(new SinkGate()));
        return new Running(jobId, new RecordCollector(kafka, List.of(topic)));
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
            NoteGate.openAll();
            try {
                topic.close();
            } finally {
                cluster.cancel(jobId);
            }
        }
    }
}
