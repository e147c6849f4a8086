package dev.cdcwatch.job;

import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.job.event.ChangeEvent;
import dev.cdcwatch.testkit.flink.FlinkCluster;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * A MiniCluster that runs reference jobs against the shared MariaDB and Kafka, restarts a failed
 * task (up to 5 times, 1 s apart) and captures every job's metrics. Each test gives its job its own
 * name, database, topics and server ids, so jobs of one class do not meet.
 */
final class ReferenceJobCluster implements AutoCloseable {

    private static final String DEBEZIUM = "taskmanager.job.task.operator.debezium.";
    private static final String RESTARTS = "jobmanager.job.numRestarts";

    private final MariaDbServer db;
    private final KafkaBroker kafka;
    private final FlinkCluster flink;

    private ReferenceJobCluster(MariaDbServer db, KafkaBroker kafka, FlinkCluster flink) {
        this.db = db;
        this.kafka = kafka;
        this.flink = flink;
    }

    static ReferenceJobCluster start(MariaDbServer db, KafkaBroker kafka) {
        Configuration flinkConfig = CapturedMetrics.install(new Configuration());
        flinkConfig.setString("restart-strategy.type", "fixed-delay");
        flinkConfig.setString("restart-strategy.fixed-delay.attempts", "5");
        flinkConfig.setString("restart-strategy.fixed-delay.delay", "1s");
        return new ReferenceJobCluster(db, kafka, FlinkCluster.start(flinkConfig, 1));
    }

    /** The config of a job capturing {@code database} into topics {@code <topicPrefix>.<table>}. */
    JobConfig config(String job, String database, String topicPrefix, String serverIds, JobConfig.DeliveryGuarantee guarantee) {
        return config(job, database, topicPrefix, serverIds, guarantee, Map.of());
    }

    /**
     * As {@link #config(String, String, String, String, JobConfig.DeliveryGuarantee)}, with further
     * {@code source} keys; keys starting {@code debezium.} go into {@code source.debezium}. Debezium's
     * queue is small (256) so a held sink fills it quickly.
     */
    JobConfig config(String job, String database, String topicPrefix, String serverIds, JobConfig.DeliveryGuarantee guarantee,
                     Map<String, String> sourceExtras) {
        Map<String, String> debezium = new TreeMap<>(Map.of("max.queue.size", "256", "max.batch.size", "64"));
        StringBuilder source = new StringBuilder();
        sourceExtras.forEach((key, value) -> {
            if (key.startsWith("debezium.")) {
                debezium.put(key.substring("debezium.".length()), value);
            } else {
                source.append("  ").append(key).append(": ").append(value).append("\n");
            }
        });
        source.append("  debezium:\n");
        debezium.forEach((key, value) -> source.append("    ").append(key).append(": ").append(value).append("\n"));
        String sink = guarantee == JobConfig.DeliveryGuarantee.EXACTLY_ONCE
                ? "  delivery-guarantee: exactly-once\n  transactional-id-prefix: " + job
                : "  delivery-guarantee: " + guarantee.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new JobConfigLoader(name -> null).parse("""
                job:
                  name: %s
                source:
                %s
                  databases: [%s]
                  server-id: %s
                %s
                routing:
                  topic-pattern: '%s.{table}'
                sink:
                  bootstrap-servers: %s
                %s
                checkpointing:
                  interval: 1s
                """.formatted(job, db.sourceConnectionYaml(), database, serverIds,
                source.toString().stripTrailing(), topicPrefix, kafka.bootstrapServers(), sink));
    }

    /** Submits the reference pipeline with {@code beforeSink} in front of its sink. */
    JobID submit(JobConfig config, UnaryOperator<DataStream<ChangeEvent>> beforeSink) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, config, beforeSink);
        return flink.submit(env);
    }

    void cancel(JobID job) {
        flink.cancel(job);
    }

    /** Current value of the job's {@code debezium.<name>} metric; -1 while it is not registered. */
    static long debezium(String job, String name) {
        return CapturedMetrics.valuesBy(DEBEZIUM + name, "<job_name>").getOrDefault(job, -1L);
    }

    /** How often Flink has restarted the job; -1 while the metric is not registered. */
    static long restarts(String job) {
        return CapturedMetrics.valuesBy(RESTARTS, "<job_name>").getOrDefault(job, -1L);
    }

    /** Waits until the job reads the binlog over a live connection. */
    static void awaitBinlogReading(String job) {
        await().atMost(Duration.ofSeconds(90)).until(() -> debezium(job, "binlogReading") == 1 && debezium(job, "connected") == 1);
    }

    /**
     * KILLs the one Binlog Dump thread of the CDC user (the binlog reader's, or during a snapshot a
     * backfill's), once a cancelled job's has gone.
     */
    void killBinlogDumpThread() {
        List<Long> ids = await().atMost(Duration.ofSeconds(30)).until(db::binlogDumpThreadIds, threads -> threads.size() == 1);
        db.execute("KILL " + ids.get(0));
    }

    @Override
    public void close() {
        flink.close();
    }
}
