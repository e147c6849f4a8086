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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Not a test (Surefire skips it by name). Run with
 * {@code mvn -o -pl cdc-job test -Dtest=JobThroughputBenchmark -Dbench.rounds=6 -Dbench.rows=400000}.
 * <ul>
 *   <li>{@code throughputWithAndWithoutProbes}: rows/s MySQL binlog -> Kafka for the same job with
 *   {@code source.probes} true and false, alternating, in one run; the job is reading the binlog
 *   (its Binlog Dump thread is up) before the rows are inserted in batches of 1,000. Over the same
 *   window it reads the CPU time per row of this JVM, of the threads the job started (and the bytes
 *   they allocate) and of mariadbd. {@code bench.warmup-rounds} (2) rounds run first and are left out
 *   of the medians.</li>
 *   <li>{@code bytesPerEventByFormat}: mean value size in Kafka of the same snapshot rows and
 *   updates written as debezium-json, compact and canal-json.</li>
 * </ul>
 */
@ExtendWith(SharedInfrastructure.class)
class JobThroughputBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 400_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 6);
    private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup-rounds", 2);
    private static int serverId = 5800;

    @Test
    void throughputWithAndWithoutProbes(MariaDbServer db, KafkaBroker kafka) {
        long mariadbPid = mariadbPid(db);
        List<VariantRun> runs = new ArrayList<>();
        try (FlinkCluster flink = FlinkCluster.start(new Configuration(), 1)) {
            for (int round = 1 - WARMUP_ROUNDS; round <= ROUNDS; round++) {
                // Alternate which variant runs first, so warm-up and neighbours' load do not favour one.
                for (boolean probes : Math.floorMod(round, 2) == 1 ? List.of(false, true) : List.of(true, false)) {
                    String database = "bench_" + (probes ? "probed" : "plain") + "_" + (round + WARMUP_ROUNDS);
                    VariantRun run = binlogThroughput(db, kafka, flink, database, round, probes, mariadbPid);
                    // CPU per row falls while the JIT compiles: by a quarter over the warm-up rounds, more slowly after.
                    if (round > 0) {
                        runs.add(run);
                    }
                    System.out.printf(Locale.ROOT, "BENCH throughput %s probes=%s: %,d rows in Kafka at %.0f rows/s, "
                                    + "CPU-us/row JVM %.2f (job threads %.2f), mariadbd %.2f; job threads allocate %.0f B/row%n",
                            round > 0 ? "round " + round : "warm-up", probes, ROWS, run.rowsPerSecond(), run.jvmCpuMicrosPerRow(),
                            run.jobThreadCpuMicrosPerRow(), run.mariadbCpuMicrosPerRow(), run.jobThreadBytesPerRow());
                }
            }
        }
        printMedians(runs);
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

    private static VariantRun binlogThroughput(MariaDbServer db, KafkaBroker kafka, FlinkCluster flink, String database,
                                               int round, boolean probes, long mariadbPid) {
        createOrders(db, database);
        String topic = "bench." + database + ".orders";
        kafka.createTopics(3, topic);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.binlogDumpThreadIds().isEmpty());
        try (Admin admin = kafka.admin()) {
            // Threads alive now are the broker's, the cluster's and this benchmark's; the rest are the job's.
            Set<Long> notTheJob = CpuReading.liveThreads();
            JobID job = submit(flink, db, kafka, database, probes, "debezium-json", "initial");
            await().atMost(Duration.ofSeconds(60)).until(() -> db.binlogDumpThreadIds().size() == 1);
            String[] inserts = insertStatements(database, 1, ROWS);
            // Collect the previous variant's garbage now, so its GC is not charged to this window.
            System.gc();
            CpuReading cpuBefore = CpuReading.now(mariadbPid);
            long start = System.nanoTime();
            db.execute(inserts);
            await().atMost(Duration.ofMinutes(5)).pollInSameThread().pollInterval(Duration.ofMillis(100))
                    .until(() -> endOffsets(admin, topic) >= ROWS);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuReading cpu = CpuReading.now(mariadbPid).since(cpuBefore);
            // Names are read from live threads, so before the job's threads end.
            Map<String, CpuReading.ThreadUse> jobThreads = cpu.threadUseByNameExcept(notTheJob);
            flink.cancel(job);
            Map<String, Double> jobThreadCpu = new TreeMap<>();
            jobThreads.forEach((name, use) -> jobThreadCpu.put(name, use.cpuNanos() / 1e3 / ROWS));
            return new VariantRun(round, probes, ROWS / seconds, cpu.jvmNanos() / 1e3 / ROWS,
                    jobThreadCpu.values().stream().mapToDouble(Double::doubleValue).sum(),
                    jobThreads.values().stream().mapToLong(CpuReading.ThreadUse::allocatedBytes).sum() / (double) ROWS,
                    cpu.mariadbNanos() / 1e3 / ROWS, jobThreadCpu);
        }
    }

    /**
     * One variant's timed window: wall-clock throughput; CPU per row of this JVM, of the threads the job started (and what
     * they allocated), of mariadbd.
     */
    private record VariantRun(int round, boolean probes, double rowsPerSecond, double jvmCpuMicrosPerRow, double jobThreadCpuMicrosPerRow,
                              double jobThreadBytesPerRow, double mariadbCpuMicrosPerRow, Map<String, Double> jobThreadCpuMicrosPerRowByName) {
    }

    private static void printMedians(List<VariantRun> runs) {
        VariantRun off = median(false, runs);
        VariantRun on = median(true, runs);
        for (VariantRun median : List.of(off, on)) {
            System.out.printf(Locale.ROOT, "BENCH throughput median of %d rounds probes=%s: %.0f rows/s, "
                            + "CPU-us/row JVM %.2f (job threads %.2f), mariadbd %.2f; job threads allocate %.0f B/row%n", ROUNDS,
                    median.probes(), median.rowsPerSecond(), median.jvmCpuMicrosPerRow(), median.jobThreadCpuMicrosPerRow(),
                    median.mariadbCpuMicrosPerRow(), median.jobThreadBytesPerRow());
        }
        // Off/on of CPU per row is the probed job's throughput at equal CPU, as a share of the plain job's.
        System.out.printf(Locale.ROOT, "BENCH throughput probes on/off of the medians: rows/s %.1f %%; at equal CPU: JVM %.1f %%, "
                        + "job threads %.1f %%, JVM+mariadbd %.1f %%%n",
                100 * on.rowsPerSecond() / off.rowsPerSecond(),
                100 * off.jvmCpuMicrosPerRow() / on.jvmCpuMicrosPerRow(),
                100 * off.jobThreadCpuMicrosPerRow() / on.jobThreadCpuMicrosPerRow(),
                100 * (off.jvmCpuMicrosPerRow() + off.mariadbCpuMicrosPerRow()) / (on.jvmCpuMicrosPerRow() + on.mariadbCpuMicrosPerRow()));
        // The two variants of one round ran back to back, under much the same load: their ratios show the spread.
        System.out.printf(Locale.ROOT, "BENCH throughput probes on/off within each round, sorted: rows/s %s %%; at equal JVM CPU %s %%%n",
                roundRatios(runs, (plain, probed) -> probed.rowsPerSecond() / plain.rowsPerSecond()),
                roundRatios(runs, (plain, probed) -> plain.jvmCpuMicrosPerRow() / probed.jvmCpuMicrosPerRow()));
        // The sink's threads do the same work in both variants and run in the same window as the source's, so the source's
        // CPU measured against theirs cancels what the machine does to both (neighbours' load, caches, steal).
        System.out.printf(Locale.ROOT, "BENCH throughput probes on/off within each round, sorted: at equal source-side CPU "
                        + "(per CPU of the Kafka sink's threads) %s %%%n",
                roundRatios(runs, (plain, probed) -> sourcePerSinkCpu(plain) / sourcePerSinkCpu(probed)));
        // Where the job's CPU goes, so a difference can be traced to the thread that pays it.
        Map<String, Double> offByName = off.jobThreadCpuMicrosPerRowByName();
        Map<String, Double> onByName = on.jobThreadCpuMicrosPerRowByName();
        Set<String> names = new TreeSet<>(offByName.keySet());
        names.addAll(onByName.keySet());
        ToDoubleFunction<String> both = name -> offByName.getOrDefault(name, 0.0) + onByName.getOrDefault(name, 0.0);
        names.stream().filter(name -> both.applyAsDouble(name) >= 0.01).sorted(Comparator.comparingDouble(both).reversed())
                .forEach(name -> System.out.printf(Locale.ROOT, "BENCH job thread median CPU-us/row off %.2f, on %.2f: %s%n",
                        offByName.getOrDefault(name, 0.0), onByName.getOrDefault(name, 0.0), name));
    }

    private static double sourcePerSinkCpu(VariantRun run) {
        double sink = run.jobThreadCpuMicrosPerRowByName().entrySet().stream()
                .filter(thread -> thread.getKey().startsWith("kafka-sink") || thread.getKey().startsWith("kafka-producer-network-thread"))
                .mapToDouble(Map.Entry::getValue).sum();
        return (run.jobThreadCpuMicrosPerRow() - sink) / sink;
    }

    private static String roundRatios(List<VariantRun> runs, ToDoubleBiFunction<VariantRun, VariantRun> ratio) {
        return runs.stream().filter(VariantRun::probes)
                .mapToDouble(probed -> 100 * ratio.applyAsDouble(runs.stream()
                        .filter(plain -> !plain.probes() && plain.round() == probed.round()).findFirst().orElseThrow(), probed))
                .sorted().mapToObj(percent -> String.format(Locale.ROOT, "%.0f", percent)).collect(Collectors.joining(", "));
    }

    private static VariantRun median(boolean probes, List<VariantRun> runs) {
        List<VariantRun> variant = runs.stream().filter(run -> run.probes() == probes).toList();
        Map<String, Double> byName = new TreeMap<>();
        variant.forEach(run -> run.jobThreadCpuMicrosPerRowByName().keySet().forEach(name -> byName.put(name,
                median(variant, other -> other.jobThreadCpuMicrosPerRowByName().getOrDefault(name, 0.0)))));
        return new VariantRun(0, probes, median(variant, VariantRun::rowsPerSecond), median(variant, VariantRun::jvmCpuMicrosPerRow),
                median(variant, VariantRun::jobThreadCpuMicrosPerRow), median(variant, VariantRun::jobThreadBytesPerRow),
                median(variant, VariantRun::mariadbCpuMicrosPerRow), byName);
    }

    private static double median(List<VariantRun> runs, ToDoubleFunction<VariantRun> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static long mariadbPid(MariaDbServer db) {
        try (Connection admin = db.adminConnection(); Statement statement = admin.createStatement();
             ResultSet pidFile = statement.executeQuery("SELECT @@pid_file")) {
            pidFile.next();
            return Long.parseLong(Files.readString(Path.of(pidFile.getString(1))).trim());
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot find the MariaDB server's process: " + e.getMessage(), e);
        }
    }

    private static JobID submit(FlinkCluster flink, MariaDbServer db, KafkaBroker kafka, String database, boolean probes,
                                String format, String startup) {
        JobConfig config = new JobConfigLoader(name -> null).parse("""
                source:
                %s
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
                """.formatted(db.sourceConnectionYaml(), database, serverId++, startup, probes,
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
        db.execute(insertStatements(database, from, to));
    }

    private static String[] insertStatements(String database, int from, int to) {
        int batch = 1_000;
        return IntStream.iterate(from, start -> start <= to, start -> start + batch)
                .mapToObj(start -> "INSERT INTO " + database + ".orders VALUES " + IntStream.rangeClosed(start, Math.min(to, start + batch - 1))
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
