package dev.cdcwatch.reporter.naming;

import dev.cdcwatch.catalog.metrics.MetricDefinition;

import java.util.List;
import java.util.Optional;

/**
 * How one Flink metric is exposed.
 *
 * @param family        the family name, without {@code _total} for counters
 * @param exposedName   the name users see on /metrics and in pushed samples (counters end in {@code _total});
 *                      include/exclude match this
 * @param kind          counter, gauge or summary
 * @param help          HELP text
 * @param unit          the unit when the name ends in it (OpenMetrics requires that), else empty
 * @param labelOrder    labels that come first, in this order (the catalog's); empty for non-catalog metrics
 * @param definition    the catalog entry, when the metric is in the catalog
 */
public record MetricName(String family, String exposedName, FamilyKind kind, String help, String unit, List<String> labelOrder,
                         Optional<MetricDefinition> definition) {
}
