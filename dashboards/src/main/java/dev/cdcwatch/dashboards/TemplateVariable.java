package dev.cdcwatch.dashboards;

/**
 * A dashboard's query variable.
 *
 * @param name       the name panels refer to as {@code $name}
 * @param query      the Prometheus variable query, e.g. {@code label_values(flink_job_uptime_milliseconds, job)}
 * @param multi      whether several values can be selected
 * @param includeAll whether "All" can be selected
 * @param allValue   what "All" stands for in a query (a regular expression)
 */
public record TemplateVariable(String name, String query, boolean multi, boolean includeAll, String allValue) {
}
