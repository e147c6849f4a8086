package dev.cdcwatch.reporter.naming;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.metrics.MetricDefinition;
import dev.cdcwatch.catalog.metrics.MetricType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names Flink metrics. A metric in the {@link MetricCatalog} gets the catalog's name, type, help and label order,
 * found by its Flink logical name (logical scope + "." + metric name, e.g.
 * {@code taskmanager.job.task.operator.currentEmitEventTimeLag}). Any other metric gets the name Flink's own
 * Prometheus reporter would give it: {@code flink_} + logical scope + name, with characters Prometheus does not
 * allow replaced by '_'.
 */
public final class MetricNaming {

    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[^a-zA-Z0-9_:]");
    private static final String TOTAL = "_total";

    private final Map<String, MetricDefinition> catalogByFlinkName = new HashMap<>();

    public MetricNaming() {
        for (MetricDefinition definition : MetricCatalog.all()) {
            definition.flinkLogicalName().ifPresent(logical -> catalogByFlinkName.put(logical, definition));
        }
    }

    /**
     * @param logicalScope the group's logical scope with '.' between components, e.g. {@code taskmanager.job.task}
     * @param metricName   the name the metric was registered under
     * @param flinkKind    how the Flink metric reads: counters as COUNTER, gauges and meters as GAUGE, histograms as SUMMARY
     */
    public MetricName name(String logicalScope, String metricName, FamilyKind flinkKind) {
        String logicalName = logicalScope.isEmpty() ? metricName : logicalScope + "." + metricName;
        MetricDefinition definition = catalogByFlinkName.get(logicalName);
        if (definition != null && flinkKind != FamilyKind.SUMMARY) {
            FamilyKind kind = definition.type() == MetricType.COUNTER ? FamilyKind.COUNTER : FamilyKind.GAUGE;
            String family = kind == FamilyKind.COUNTER ? stripTotal(definition.name()) : definition.name();
            return new MetricName(family, definition.name(), kind, definition.help(), unit(family, definition.unit()),
                    definition.labels(), Optional.of(definition));
        }
        String family = "flink_" + sanitize(logicalScope.replace('.', '_')) + (logicalScope.isEmpty() ? "" : "_") + sanitize(metricName);
        if (flinkKind == FamilyKind.COUNTER) {
            family = stripTotal(family);
        }
        String exposed = flinkKind == FamilyKind.COUNTER ? family + TOTAL : family;
        return new MetricName(family, exposed, flinkKind, metricName + " (Flink metric " + logicalName + ")", "", List.of(),
                Optional.empty());
    }

    static String sanitize(String text) {
        return INVALID_NAME_CHARS.matcher(text).replaceAll("_");
    }

    private static String stripTotal(String name) {
        return name.endsWith(TOTAL) ? name.substring(0, name.length() - TOTAL.length()) : name;
    }

    /** OpenMetrics wants the unit as the name's suffix; units the name does not end in are left out. */
    private static String unit(String family, String unit) {
        return !unit.isEmpty() && family.endsWith("_" + unit) ? unit : "";
    }
}
