package dev.cdcwatch.job.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The reference job's configuration, validated by {@link JobConfigLoader}. */
public record JobConfig(Job job, Source source, Routing routing, Sink sink, Checkpointing checkpointing) {

    public record Job(String name, int parallelism) {
    }

    /**
     * Where and what to capture. {@code tables} are regular expressions over {@code database.table}.
     *
     * @param snapshotChunkSize    rows per snapshot chunk; each chunk is read, then the binlog written meanwhile is read
     *                             back over it (its backfill)
     * @param heartbeatInterval    how often Debezium emits a heartbeat; heartbeats keep the emit lag true on an idle database
     * @param keepAliveInterval    the server sends heartbeat events at 0.8 times this interval when idle; a binlog connection
     *                             that carries nothing for 30 intervals while the reader could read is taken for lost.
     *                             The client's own keep-alive reconnect stays off: a lost connection fails the reader,
     *                             which restarts from its last checkpoint
     * @param probes               whether the Debezium probes, heartbeat-driven lag and position sampler are installed
     * @param positionPollInterval how often {@code SHOW MASTER STATUS} is read for the binlog position lag
     * @param debezium             extra Debezium properties passed through unchanged, except {@code connect.keep.alive}
     */
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
            int snapshotChunkSize,
            Duration heartbeatInterval,
            Duration keepAliveInterval,
            boolean probes,
            Duration positionPollInterval,
            Map<String, String> debezium) {
    }

    public enum StartupMode { INITIAL, LATEST, EARLIEST }

    /** Table to topic routing: the first matching route wins, otherwise {@code topicPattern}. */
    public record Routing(String topicPattern, List<Route> routes) {
    }

    public record Route(String table, String topic) implements java.io.Serializable {
    }

    public record Sink(
            String bootstrapServers,
            SinkFormat format,
            DeliveryGuarantee deliveryGuarantee,
            String transactionalIdPrefix,
            Map<String, String> properties) {
    }

    /** The Kafka value format: Debezium's envelope, a smaller Debezium-compatible one, or Canal's flat message. */
    public enum SinkFormat { DEBEZIUM_JSON, COMPACT, CANAL_JSON }

    public enum DeliveryGuarantee { NONE, AT_LEAST_ONCE, EXACTLY_ONCE }

    public record Checkpointing(Duration interval, Duration timeout) {
    }
}
