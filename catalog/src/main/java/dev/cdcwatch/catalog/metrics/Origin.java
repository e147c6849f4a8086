package dev.cdcwatch.catalog.metrics;

/** Who produces a metric. */
public enum Origin {
    /** Flink itself (job, task and operator metrics). */
    FLINK,
    /** Flink CDC's MySQL source. */
    FLINK_CDC,
    /** cdc-watch's Debezium probes and route counters in the reference job. */
    CDC_JOB,
    /** The metrics reporter's own health. */
    REPORTER,
    /** The lineage collector (consumer lag read from Kafka). */
    LINEAGE,
    /** The alert engine's own health. */
    ENGINE
}
