package dev.cdcwatch.job.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The reference job's configuration, validated by {@link JobConfigLoader}. */
public record JobConfig(Job job, Source source, Routing routing, Sink sink, Checkpointing checkpointing) {

    public record Job(String name, int parallelism) {
    }

    /** Where and what to capture. {@code tables} are regular expressions over {@code database.table}. */
    public record Source(
            String hostname,
            int port,
            String username,
            String password,
            List<String> databases,
            List<String> tables,
            String serverId,
            String serverTimeZone,
            StartupMode startup,
            Duration heartbeatInterval) {
    }

    public enum StartupMode { INITIAL, LATEST }

    /** Table to topic routing: the first matching route wins, otherwise {@code topicPattern}. */
    public record Routing(String topicPattern, List<Route> routes) {
    }

    public record Route(String table, String topic) implements java.io.Serializable {
    }

    public record Sink(
            String bootstrapServers,
            DeliveryGuarantee deliveryGuarantee,
            String transactionalIdPrefix,
            Map<String, String> properties) {
    }

    public enum DeliveryGuarantee { NONE, AT_LEAST_ONCE, EXACTLY_ONCE }

    public record Checkpointing(Duration interval, Duration timeout) {
    }
}
