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

    private MetricFilterDefaults() {
    }
}
