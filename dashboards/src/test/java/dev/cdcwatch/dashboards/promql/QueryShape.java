package dev.cdcwatch.dashboards.promql;

import java.util.List;
import java.util.Set;

/**
 * What a PromQL expression reads: its selectors, and the labels its {@code by}, {@code without},
 * {@code on}, {@code ignoring} and {@code group_left/right} clauses name.
 */
public record QueryShape(List<Selector> selectors, Set<String> groupingLabels) {

    public QueryShape {
        selectors = List.copyOf(selectors);
        groupingLabels = Set.copyOf(groupingLabels);
    }
}
