package dev.cdcwatch.dashboards.promql;

import java.util.List;

/** A vector selector: a metric name and its label matchers. */
public record Selector(String metric, List<LabelMatcher> matchers) {

    public Selector {
        matchers = List.copyOf(matchers);
    }
}
