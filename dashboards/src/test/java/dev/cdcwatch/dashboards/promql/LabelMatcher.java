package dev.cdcwatch.dashboards.promql;

/** One label matcher of a selector, e.g. {@code job=~"$job"}. */
public record LabelMatcher(String label, String operator, String value) {
}
