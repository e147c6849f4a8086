package dev.cdcwatch.engine.alerts;

import dev.cdcwatch.engine.series.Labels;

import java.util.Map;

/**
 * Adds annotations every alert carries whatever its rule says, such as its lineage (upstream tables,
 * downstream topics and consumer groups). A rule's own annotation of the same name wins.
 */
@FunctionalInterface
public interface AlertAnnotator {

    AlertAnnotator NONE = labels -> Map.of();

    Map<String, String> annotate(Labels alertLabels);
}
