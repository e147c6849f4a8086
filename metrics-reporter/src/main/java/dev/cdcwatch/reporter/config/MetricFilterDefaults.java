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
     * Flink's metrics under their scope names (flink_jobmanager_..., flink_taskmanager_...: JVM, task I/O, checkpoint
     * details) stay on /metrics but are not pushed: the catalog gives every metric the engine's rules read a name of
     * its own (flink_job_..., flink_task_..., cdc_...), and reading a hundred more gauges every second is work on the
     * job's cores that buys the engine nothing (BENCHMARKS.md, cdc-job throughput).
     */
    static final String PUSH_EXCLUDE = "flink_(jobmanager|taskmanager)_.*";

    private MetricFilterDefaults() {
    }
}
