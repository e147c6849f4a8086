package dev.cdcwatch.catalog.metrics;

import java.util.List;
import java.util.Optional;

/**
 * One metric as cdc-watch exposes it.
 *
 * @param name             the exposed (Prometheus) name; counters end in {@code _total}
 * @param type             counter or gauge
 * @param unit             the unit of the value, e.g. {@code milliseconds}, {@code records}, {@code bytes}, {@code 1} for states
 * @param labels           the labels every series of this metric carries, in a stable order
 * @param help             what it means, shown as HELP in the exposition
 * @param origin           who produces it
 * @param flinkLogicalName for metrics read from Flink: the metric's logical scope and name as Flink
 *                         reports it, e.g. {@code taskmanager.job.task.operator.currentEmitEventTimeLag};
 *                         empty for metrics that do not come from Flink
 */
public record MetricDefinition(
        String name,
        MetricType type,
        String unit,
        List<String> labels,
        String help,
        Origin origin,
        Optional<String> flinkLogicalName) {

    public MetricDefinition {
        labels = List.copyOf(labels);
        if (type == MetricType.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + " must end in _total");
        }
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("metric name " + name + " is not snake_case");
        }
    }
}
