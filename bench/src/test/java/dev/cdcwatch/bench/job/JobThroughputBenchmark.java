package dev.cdcwatch.bench.job;

import dev.cdcwatch.job.CdcPipeline;
import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;

/**
 * Not a test (Surefire skips it by name). Run with
 * {@code mvn -o -pl bench test -Dtest=JobThroughputBenchmark -Dbench.rounds=8 -Dbench.rows=300000}.
 * <p>
 * Throughput of the reference job instrumented ({@code source.probes: true}, the cdc-watch reporter on its cluster,
 * pushing every second to a loopback HTTP receiver and scraped on {@code /metrics} every second) against the plain job
 * ({@code source.probes: false}, no reporter), both running at the same time in this JVM, so that what the machine does
 * to one (neighbours' load, steal, GC, JIT) it does to the other. Each variant has its own MiniCluster and its own
 * MariaDB server; the servers swap variants every round. Before the jobs start, each server's binlog is reset and the
 * same {@code bench.rows} rows are inserted; the jobs then read that backlog ({@code startup: earliest}) as fast as
 * they can, both submitted at once. A variant's rows/s is counted in the common window from when both have {@code bench.rows}/10 rows in Kafka
 * to when the first has 9/10. CPU per row counts the threads each variant's cluster and job started (the reporter's
 * included, found by the job's class loader); its ratio is the instrumented job's throughput at equal CPU. {@code bench.warmup-rounds} (2) rounds run
 * first and are left out.
 */
@ExtendWith(SharedInfrastructure.class)
class JobThroughputBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 300_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 8);
    private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup-rounds", 2);
    private static final double TARGET_PERCENT = 98;
    private static final String[] INSERTS = insertStatements();

    @Test
    void instrumentedJobAgainstThePlainJobSideBySide(KafkaBroker kafka) {
        int metricsPort = FreePorts.find();
        List<RoundResult> results = new ArrayList<>();
        try (MariaDbServer serverA = MariaDbServer.start(); MariaDbServer serverB = MariaDbServer.start();
             HttpReceiver engine = HttpReceiver.start();
             Admin admin = kafka.admin();
             Variant instrumented = Variant.start("instrumented", true, reporterConf(engine, metricsPort));
             Variant plain = Variant.start("plain", false, new Configuration());
             MetricsScraper scraper = MetricsScraper.start(metricsPort)) {
            Map<MariaDbServer, Long> pids = Map.of(serverA, mariadbPid(serverA), serverB, mariadbPid(serverB));
            for (int round = 1 - WARMUP_ROUNDS; round <= ROUNDS; round++) {
                // Servers swap variants every round, so neither favours one.
                boolean swap = Math.floorMod(round, 2) == 0;
                MariaDbServer instrumentedServer = swap ? serverB : serverA;
                MariaDbServer plainServer = swap ? serverA : serverB;
                CompletableFuture.allOf(CompletableFuture.runAsync(() -> writeBacklog(instrumentedServer)),
                        CompletableFuture.runAsync(() -> writeBacklog(plainServer))).join();
                engine.clear();
                List<Lane> lanes = startJobs(kafka, admin, round, Map.of(instrumented, instrumentedServer, plain, plainServer), pids);
                RoundResult result = measure(admin, lanes, engine, scraper, round, swap ? "B" : "A");
                for (Lane lane : lanes) {
                    lane.variant().cluster().cancel(lane.job());
                }
                deleteTopics(admin, lanes);
                System.out.println("BENCH " + result.line());
                if (round > 0) {
                    results.add(result);
                }
            }
        }
        printSummary(results);
    }

    /** A clean binlog (these servers are ours) holding only the benchmark's table and its rows. */
    private static void writeBacklog(MariaDbServer server) {
        await().atMost(Duration.ofSeconds(30)).until(() -> server.binlogDumpThreadIds().isEmpty());
        server.execute("DROP DATABASE IF EXISTS bench", "RESET MASTER", "CREATE DATABASE bench",
                "CREATE TABLE bench.orders (id INT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(10,2), status VARCHAR(12), "
                        + "created_at DATETIME)");
        server.execute(INSERTS);
    }

    /**
     * Submits both jobs at once (a job started earlier reads faster in the common window: 15 % in one run) and waits
     * for both first records. A job's threads are found by its user-code class loader, which Flink sets on its task
     * threads and which the threads they start inherit (fetcher, binlog client, Kafka producer); the binlog client's
     * name holds the server's port, which tells whose loader is whose.
     */
    private static List<Lane> startJobs(KafkaBroker kafka, Admin admin, int round, Map<Variant, MariaDbServer> servers,
                                        Map<MariaDbServer, Long> pids) {
        Map<Variant, String> topics = new LinkedHashMap<>();
        Map<Variant, StreamExecutionEnvironment> envs = new LinkedHashMap<>();
        servers.keySet().stream().sorted(Comparator.comparing(Variant::instrumented).reversed()).forEach(variant -> {
            String prefix = "bench-r" + (round + WARMUP_ROUNDS) + "-" + variant.name();
            topics.put(variant, prefix + ".bench.orders");
            kafka.createTopics(3, topics.get(variant));
            envs.put(variant, jobEnvironment(kafka, variant, servers.get(variant), prefix));
        });
        Map<Variant, CompletableFuture<JobID>> jobs = new LinkedHashMap<>();
        envs.forEach((variant, env) -> jobs.put(variant, CompletableFuture.supplyAsync(() -> variant.cluster().submit(env))));
        List<String> topicList = List.copyOf(topics.values());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> LongStream.of(rowsInKafka(admin, topicList)).allMatch(rows -> rows > 0));
        Map<ClassLoader, Set<Long>> threadsByLoader = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getContextClassLoader() != null)
                .collect(Collectors.groupingBy(Thread::getContextClassLoader, Collectors.mapping(Thread::getId, Collectors.toSet())));
        List<Lane> lanes = new ArrayList<>();
        topics.forEach((variant, topic) -> {
            MariaDbServer server = servers.get(variant);
            ClassLoader jobLoader = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("blc-127.0.0.1:" + server.port())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no binlog client thread for port " + server.port()))
                    .getContextClassLoader();
            if (jobLoader == ClassLoader.getSystemClassLoader()) {
                throw new IllegalStateException("the job's threads run in the application class loader; they cannot be told apart");
            }
            lanes.add(new Lane(variant, server, pids.get(server), topic, jobs.get(variant).join(), Set.copyOf(threadsByLoader.get(jobLoader))));
        });
        return lanes;
    }

    private static StreamExecutionEnvironment jobEnvironment(KafkaBroker kafka, Variant variant, MariaDbServer server, String topicPrefix) {
        JobConfig config = new JobConfigLoader(name -> null).parse("""
                job:
                  name: bench-%s
                source:
                %s
                  databases: [bench]
                  server-id: 5900
                  startup: earliest
                  probes: %s
                routing:
                  topic-pattern: '%s.{database}.{table}'
                sink:
                  bootstrap-servers: %s
                checkpointing:
                  interval: 5s
                """.formatted(variant.name(), server.sourceConnectionYaml(), variant.instrumented(), topicPrefix, kafka.bootstrapServers()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, config);
        return env;
    }

    private static RoundResult measure(Admin admin, List<Lane> lanes, HttpReceiver engine, MetricsScraper scraper, int round,
                                       String instrumentedServer) {
        List<String> topics = lanes.stream().map(Lane::topic).toList();
        WindowRecorder window = new WindowRecorder(lanes, ROWS, engine, scraper);
        await().atMost(Duration.ofMinutes(5)).pollInSameThread().pollInterval(Duration.ofMillis(100))
                .until(() -> window.observe(rowsInKafka(admin, topics)));
        RoundResult result = window.result(round, instrumentedServer);
        System.out.print("CPU-us/row by thread, round " + round + ":\n" + window.cpuByThread());
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> LongStream.of(rowsInKafka(admin, topics)).allMatch(rows -> rows >= ROWS));
        return result;
    }

    private static Configuration reporterConf(HttpReceiver engine, int metricsPort) {
        Configuration flinkConf = new Configuration();
        flinkConf.setString("metrics.reporter.cdcwatch.factory.class", "dev.cdcwatch.reporter.CdcWatchReporterFactory");
        flinkConf.setString("metrics.reporter.cdcwatch.port", Integer.toString(metricsPort));
        flinkConf.setString("metrics.reporter.cdcwatch.push.url", engine.url("/api/v1/push"));
        flinkConf.setString("metrics.reporter.cdcwatch.push.interval", "1 s");
        return flinkConf;
    }

    private static void printSummary(List<RoundResult> rounds) {
        PairedRatios throughput = PairedRatios.of(rounds.stream().map(RoundResult::throughputPercent).toList());
        PairedRatios equalCpu = PairedRatios.of(rounds.stream().map(RoundResult::equalCpuPercent).toList());
        System.out.printf(Locale.ROOT, "BENCH median of %d rounds: instrumented %.0f rows/s, plain %.0f rows/s (%.1f %%); CPU-us/row "
                        + "instrumented %.2f (off the record path %.3f), plain %.2f (%.1f %%); mariadbd %.2f / %.2f; steal %.0f %%%n",
                rounds.size(), median(rounds, RoundResult::instrumentedRowsPerSecond), median(rounds, RoundResult::plainRowsPerSecond),
                100 * median(rounds, RoundResult::instrumentedRowsPerSecond) / median(rounds, RoundResult::plainRowsPerSecond),
                median(rounds, RoundResult::instrumentedCpuMicrosPerRow), median(rounds, RoundResult::offPathCpuMicrosPerRow),
                median(rounds, RoundResult::plainCpuMicrosPerRow),
                100 * median(rounds, RoundResult::plainCpuMicrosPerRow) / median(rounds, RoundResult::instrumentedCpuMicrosPerRow),
                median(rounds, RoundResult::instrumentedMariadbMicrosPerRow), median(rounds, RoundResult::plainMariadbMicrosPerRow),
                median(rounds, RoundResult::stealPercent));
        System.out.println("BENCH instrumented/plain rows/s per round: " + throughput);
        System.out.printf(Locale.ROOT, "BENCH instrumented/plain rows/s, geometric mean %.1f %%; with the instrumented job on server A / on B %.1f %%%n",
                geometricMean(rounds, round -> true), 100 * geometricMean(rounds, round -> round.instrumentedServer().equals("A"))
                        / geometricMean(rounds, round -> round.instrumentedServer().equals("B")));
        System.out.println("BENCH instrumented/plain at equal CPU per round: " + equalCpu);
        System.out.printf(Locale.ROOT, "BENCH verdict against >= %.0f %%: rows/s %s, at equal CPU %s%n", TARGET_PERCENT,
                throughput.verdict(TARGET_PERCENT), equalCpu.verdict(TARGET_PERCENT));
    }

    private static double geometricMean(List<RoundResult> rounds, Predicate<RoundResult> which) {
        return Math.exp(rounds.stream().filter(which).mapToDouble(round -> Math.log(round.throughputPercent())).average().orElse(Double.NaN));
    }

    private static double median(List<RoundResult> rounds, ToDoubleFunction<RoundResult> value) {
        double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Rows in each topic (sum of its partitions' end offsets), in the order given, read in one request. */
    static long[] rowsInKafka(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        Map<String, Long> rows = admin.listOffsets(partitions).all().get().entrySet().stream()
                .collect(Collectors.groupingBy(entry -> entry.getKey().topic(), Collectors.summingLong(entry -> entry.getValue().offset())));
        return topics.stream().mapToLong(rows::get).toArray();
    }

    private static void deleteTopics(Admin admin, List<Lane> lanes) {
        try {
            admin.deleteTopics(lanes.stream().map(Lane::topic).toList()).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete the round's topics: " + e.getMessage(), e);
        }
    }

    private static long mariadbPid(MariaDbServer server) {
        try (Connection connection = server.adminConnection(); Statement statement = connection.createStatement();
             ResultSet pidFile = statement.executeQuery("SELECT @@pid_file")) {
            pidFile.next();
            return Long.parseLong(Files.readString(Path.of(pidFile.getString(1))).trim());
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot find the MariaDB server's process: " + e.getMessage(), e);
        }
    }

    private static String[] insertStatements() {
        int batch = 1_000;
        return IntStream.iterate(1, start -> start <= ROWS, start -> start + batch)
                .mapToObj(start -> "INSERT INTO bench.orders VALUES " + IntStream.rangeClosed(start, Math.min(ROWS, start + batch - 1))
                        .mapToObj(id -> "(" + id + ", 'customer-" + (id % 997) + "', " + (id % 10_000) / 100.0 + ", 'NEW', '2026-11-25 10:00:00')")
                        .collect(Collectors.joining(",")))
                .toArray(String[]::new);
    }
}
