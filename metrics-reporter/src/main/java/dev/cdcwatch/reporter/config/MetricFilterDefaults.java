package dev.cdcwatch.reporter.config;

/** The default {@code exclude} filter, kept apart so the option's documentation and its tests share one value. */
final class MetricFilterDefaults {

    /**
     * Flink metrics that flood Prometheus for little alerting value: per-gate/per-channel network buffers
     * ({@code Shuffle}, legacy {@code buffers}), mailbox internals, the Kafka client's own metric set that the
     * Kafka connector mirrors into Flink, and every {@code PerSecond} meter (a rate of a counter that is reported).
     */
    static final String EXCLUDE = "flink_.*_(Shuffle|buffers|KafkaProducer|KafkaConsumer|mailbox[A-Za-z]*)_.*"
            + "|flink_.*_mailbox[A-Za-z]*"
            + "|flink_.*PerSecond";

    /**
     * Flink's JVM metrics (heap, GC, threads, CPU load, buffer pools) stay on /metrics but are not pushed: no engine
     * rule reads them, and some cost a cgroup file read or a JMX call each time they are read, which a push does every
     * second.
     */
    static final String PUSH_EXCLUDE = "flink_(jobmanager|taskmanager)_Status_JVM_.*";

    private MetricFilterDefaults() {
    }
}
