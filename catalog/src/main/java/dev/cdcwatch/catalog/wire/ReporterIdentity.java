package dev.cdcwatch.catalog.wire;

/**
 * The reporter that sent a batch.
 *
 * @param job                the Flink job name(s) this process reports for, or empty for a JobManager with no job yet
 * @param host               the reporting host
 * @param instance           host and Prometheus port, unique per reporter process (the {@code instance} Prometheus would use)
 * @param processStartMillis when the reporting process started; a new value means counters restarted from zero
 */
public record ReporterIdentity(String job, String host, String instance, long processStartMillis) {
}
