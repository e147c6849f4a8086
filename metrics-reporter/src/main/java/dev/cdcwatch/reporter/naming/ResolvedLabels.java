package dev.cdcwatch.reporter.naming;

import java.util.List;

/** Label names and values of one series, in exposition order. Names lists are shared between series. */
public record ResolvedLabels(List<String> names, List<String> values) {
}
