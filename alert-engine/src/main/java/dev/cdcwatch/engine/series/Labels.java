package dev.cdcwatch.engine.series;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
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
    /** {@link #withoutMetricName()}, kept: every arithmetic or comparison on a series asks for it at every evaluation. */
    private Labels withoutName;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    /** Labels from a map; pairs with empty values are dropped, as Prometheus treats them as absent. */
    public static Labels of(Map<String, String> labels) {
        return ofWithDefaults(labels);
    }

    /**
     * Labels from a map plus name/value pairs used where the map has no value for that name, e.g.
     * {@code ofWithDefaults(sampleLabels, "__name__", metric, "instance", reporter)}. Sorts arrays
     * instead of building a tree, since ingest calls this for every sample.
     */
    public static Labels ofWithDefaults(Map<String, String> labels, String... defaultPairs) {
        if (defaultPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        String[] names = new String[labels.size() + defaultPairs.length / 2];
        int count = 0;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (label.getValue() != null && !label.getValue().isEmpty()) {
                names[count++] = label.getKey();
            }
        }
        for (int i = 0; i < defaultPairs.length; i += 2) {
            String present = labels.get(defaultPairs[i]);
            if ((present == null || present.isEmpty()) && defaultPairs[i + 1] != null && !defaultPairs[i + 1].isEmpty()) {
                names[count++] = defaultPairs[i];
            }
        }
        String[] sorted = Arrays.copyOf(names, count);
        Arrays.sort(sorted);
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            String value = labels.get(sorted[i]);
            values[i] = value != null && !value.isEmpty() ? value : defaultValue(sorted[i], defaultPairs);
        }
        for (int i = 1; i < count; i++) {
            if (sorted[i].equals(sorted[i - 1])) {
                throw new IllegalArgumentException("label '" + sorted[i] + "' given twice");
            }
        }
        return count == 0 ? EMPTY : new Labels(sorted, values);
    }

    private static String defaultValue(String name, String[] defaultPairs) {
        for (int i = 0; i < defaultPairs.length; i += 2) {
            if (defaultPairs[i].equals(name)) {
                return defaultPairs[i + 1];
            }
        }
        throw new IllegalStateException("no value for label " + name);
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
        return filter(dropped, false);
    }

    public Labels keepOnly(Collection<String> kept) {
        return filter(kept, true);
    }

    public Labels withoutMetricName() {
        Labels dropped = withoutName;
        if (dropped == null) {
            // Immutable, so a race only computes it twice.
            dropped = get(METRIC_NAME) == null ? this : filter(List.of(METRIC_NAME), false);
            withoutName = dropped;
        }
        return dropped;
    }

    /** The same labels with each name and value replaced by {@code replace}'s equal string, e.g. a shared instance. */
    public Labels withStrings(java.util.function.UnaryOperator<String> replace) {
        String[] newNames = new String[names.length];
        String[] newValues = new String[values.length];
        for (int i = 0; i < names.length; i++) {
            newNames[i] = replace.apply(names[i]);
            newValues[i] = replace.apply(values[i]);
        }
        return new Labels(newNames, newValues);
    }

    /** Keeps the pairs whose name is (keep) or is not (drop) in {@code names}; the order stays sorted, so no re-sort. */
    private Labels filter(Collection<String> selected, boolean keep) {
        int count = 0;
        boolean[] retained = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            retained[i] = selected.contains(names[i]) == keep;
            if (retained[i]) {
                count++;
            }
        }
        if (count == names.length) {
            return this;
        }
        if (count == 0) {
            return EMPTY;
        }
        String[] newNames = new String[count];
        String[] newValues = new String[count];
        for (int i = 0, j = 0; i < names.length; i++) {
            if (retained[i]) {
                newNames[j] = names[i];
                newValues[j++] = values[i];
            }
        }
        return new Labels(newNames, newValues);
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
