package dev.cdcwatch.engine.series;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An immutable, sorted set of label pairs. The metric name is the label {@code __name__}, as in
 * Prometheus. Equal label sets are equal objects with equal hashes, so they key series and alerts.
 */
public final class Labels implements Comparable<Labels> {

    public static final String METRIC_NAME = "__name__";
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private final int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    /** Labels from a map; pairs with empty values are dropped, as Prometheus treats them as absent. */
    public static Labels of(Map<String, String> labels) {
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                sorted.put(name, value);
            }
        });
        return new Labels(sorted.keySet().toArray(String[]::new), sorted.values().toArray(String[]::new));
    }

    /** Labels from alternating names and values: {@code Labels.of("__name__", "up", "job", "x")}. */
    public static Labels of(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return of(map);
    }

    public String get(String name) {
        int index = Arrays.binarySearch(names, name);
        return index >= 0 ? values[index] : null;
    }

    /** The value of {@code name}, or "" when absent (PromQL's view of a missing label). */
    public String getOrEmpty(String name) {
        String value = get(name);
        return value == null ? "" : value;
    }

    public String metricName() {
        return get(METRIC_NAME);
    }

    public int size() {
        return names.length;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < names.length; i++) {
            action.accept(names[i], values[i]);
        }
    }

    public Map<String, String> asMap() {
        TreeMap<String, String> map = new TreeMap<>();
        forEach(map::put);
        return map;
    }

    public Labels with(String name, String value) {
        Map<String, String> map = asMap();
        map.put(name, value);
        return of(map);
    }

    public Labels without(Collection<String> dropped) {
        Map<String, String> map = asMap();
        map.keySet().removeAll(dropped);
        return of(map);
    }

    public Labels keepOnly(Collection<String> kept) {
        Map<String, String> map = asMap();
        map.keySet().retainAll(kept);
        return of(map);
    }

    public Labels withoutMetricName() {
        return get(METRIC_NAME) == null ? this : without(java.util.List.of(METRIC_NAME));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Labels that && hash == that.hash
                && Arrays.equals(names, that.names) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Labels other) {
        int common = Math.min(names.length, other.names.length);
        for (int i = 0; i < common; i++) {
            int byName = names[i].compareTo(other.names[i]);
            if (byName != 0) {
                return byName;
            }
            int byValue = values[i].compareTo(other.values[i]);
            if (byValue != 0) {
                return byValue;
            }
        }
        return Integer.compare(names.length, other.names.length);
    }

    /** Prometheus's notation: {@code up{job="x"}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        String name = metricName();
        if (name != null) {
            text.append(name);
        }
        text.append('{');
        boolean first = true;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(METRIC_NAME)) {
                continue;
            }
            if (!first) {
                text.append(", ");
            }
            first = false;
            text.append(names[i]).append("=\"").append(values[i].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return text.append('}').toString();
    }
}
