package dev.cdcwatch.engine.dispatch;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A route's {@code group_by}: the listed labels, or every label when the list is {@code ['...']}. */
public record GroupBy(List<String> labels, boolean all) {

    public static final GroupBy ALERTNAME = new GroupBy(List.of("alertname"), false);

    public GroupBy {
        labels = List.copyOf(labels);
    }

    public Map<String, String> apply(Map<String, String> alertLabels) {
        if (all) {
            return new TreeMap<>(alertLabels);
        }
        Map<String, String> grouped = new TreeMap<>();
        for (String label : labels) {
            String value = alertLabels.get(label);
            if (value != null && !value.isEmpty()) {
                grouped.put(label, value);
            }
        }
        return grouped;
    }
}
