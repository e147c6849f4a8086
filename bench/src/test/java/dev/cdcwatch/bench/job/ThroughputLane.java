package dev.cdcwatch.bench.job;

import dev.cdcwatch.job.CdcPipeline;
import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.testkit.flink.FlinkCluster;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * One lane of {@link JobThroughputBenchmark}, the main class of a child JVM that the benchmark pins to one core: its own
 * MariaDB server, Kafka broker and MiniCluster (1 slot), running the reference job in one variant: {@code lane.probes}
 * sets {@code source.probes}, {@code lane.reporter} puts the cdc-watch reporter on the cluster, pushing to
 * {@code lane.push-url} and serving {@code /metrics} on {@code lane.metrics-port}, with any further options given as
 * {@code lane.reporter-option.<option>} (its defaults otherwise: a push every second).
 * <p>
 * Driven by one command a line on standard input, each answered by a line starting {@value #REPLY} on standard output
 * (anything else there is log): {@code LOAD} writes the backlog ({@code lane.rows} rows, 1,000 a transaction, made by
 * the server from its sequence engine, so the load costs little) into a reset binlog, {@code RUN <name>} submits the
 * job on it ({@code startup: earliest}, so it reads that backlog as fast as it can), {@code STOP} cancels the job and
 * deletes its topic. End of input stops the lane.
 */
public final class ThroughputLane {

    static final String REPLY = "LANE> ";
    /** Prefix of system properties set as the reporter's options ({@code lane.reporter-option.push.interval=60 s}). */
    static final String REPORTER_OPTION = "lane.reporter-option.";
    /**
     * A run writes gigabytes: old segments are deleted within seconds instead of five minutes, and the broker leaves
     * flushing to the operating system (Kafka's default) rather than the test default's flush every 10^6 messages.
     */
    private static final Map<String, String> BROKER_SETTINGS = Map.of("log.retention.check.interval.ms", "5000",
            "log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    private static final Map<String, String> TOPIC_SETTINGS = Map.of("segment.bytes", Integer.toString(64 << 20),
            "retention.bytes", Integer.toString(128 << 20));

    private final boolean probes;
    private final int rows;
    private final MariaDbServer server;
    private final KafkaBroker kafka;
    private final Admin admin;
    private final FlinkCluster cluster;
    private JobID job;
    private String topic;

    private ThroughputLane(boolean probes, int rows, MariaDbServer server, KafkaBroker kafka, Admin admin, FlinkCluster cluster) {
        this.probes = probes;
        this.rows = rows;
        this.server = server;
        this.kafka = kafka;
        this.admin = admin;
        this.cluster = cluster;
    }

    public static void main(String[] args) throws Exception {
        boolean probes = Boolean.getBoolean("lane.probes");
        int rows = Integer.getInteger("lane.rows");
        try (MariaDbServer server = MariaDbServer.start(); KafkaBroker kafka = KafkaBroker.start(BROKER_SETTINGS); Admin admin = kafka.admin();
             FlinkCluster cluster = FlinkCluster.start(Boolean.getBoolean("lane.reporter") ? reporterConf() : new Configuration(), 1)) {
            ThroughputLane lane = new ThroughputLane(probes, rows, server, kafka, admin, cluster);
            reply("READY " + kafka.bootstrapServers() + " " + server.pid());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                lane.execute(line.split(" "));
            }
        } catch (RuntimeException e) {
            reply("FAILED " + e);
            throw e;
        }
    }

    private void execute(String[] command) throws Exception {
        switch (command[0]) {
            case "LOAD" -> {
                writeBacklog();
                reply("LOADED");
            }
            case "RUN" -> {
                String prefix = "bench-" + command[1];
                topic = prefix + ".bench.orders";
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(TOPIC_SETTINGS))).all().get();
                job = cluster.submit(jobEnvironment(prefix));
                reply("RUNNING " + topic);
            }
            case "STOP" -> {
                cluster.cancel(job);
                admin.deleteTopics(List.of(topic)).all().get();
                reply("STOPPED");
            }
            default -> throw new IllegalArgumentException("unknown lane command " + String.join(" ", command));
        }
    }

    /**
     * A clean binlog (the server is ours) holding only the benchmark's table and its rows. The table stores nothing
     * (BLACKHOLE): a job started at the earliest binlog offset reads only the binlog, where its rows are as an InnoDB
     * table's would be, and a run's tens of millions of rows then take no memory or disk beyond the binlog.
     */
    private void writeBacklog() {
        server.execute("INSTALL SONAME 'ha_blackhole'", "DROP DATABASE IF EXISTS bench", "RESET MASTER", "CREATE DATABASE bench",
                "CREATE TABLE bench.orders (id INT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(10,2), status VARCHAR(12), "
                        + "created_at DATETIME) ENGINE=BLACKHOLE");
        int batch = 1_000;
        server.execute(IntStream.iterate(0, start -> start < rows, start -> start + batch)
                .mapToObj(start -> "INSERT INTO bench.orders SELECT " + start + " + seq, CONCAT('customer-', (" + start + " + seq) % 997), "
                        + "((" + start + " + seq) % 10000) / 100, 'NEW', '2026-11-25 10:00:00' FROM bench.seq_1_to_" + Math.min(batch, rows - start))
                .toArray(String[]::new));
    }

    private StreamExecutionEnvironment jobEnvironment(String topicPrefix) {
        JobConfig config = new JobConfigLoader(name -> null).parse("""
                job:
                  name: %s
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
                """.formatted(topicPrefix, server.sourceConnectionYaml(), probes, topicPrefix,
                kafka.bootstrapServers()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, config);
        return env;
    }

    private static Configuration reporterConf() {
        Configuration flinkConf = new Configuration();
        flinkConf.setString("metrics.reporter.cdcwatch.factory.class", "dev.cdcwatch.reporter.CdcWatchReporterFactory");
        flinkConf.setString("metrics.reporter.cdcwatch.port", System.getProperty("lane.metrics-port"));
        flinkConf.setString("metrics.reporter.cdcwatch.push.url", System.getProperty("lane.push-url"));
        propertiesUnder(REPORTER_OPTION).forEach((option, value) -> flinkConf.setString("metrics.reporter.cdcwatch." + option, value));
        return flinkConf;
    }

    private static void reply(String line) {
        System.out.println(REPLY + line);
        System.out.flush();
    }

    /** This JVM's system properties whose key starts with {@code prefix}, by the rest of the key. */
    static Map<String, String> propertiesUnder(String prefix) {
        Map<String, String> properties = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith(prefix))
                .forEach(key -> properties.put(key.substring(prefix.length()), System.getProperty(key)));
        return properties;
    }
}
