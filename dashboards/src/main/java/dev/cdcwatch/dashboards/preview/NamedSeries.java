package dev.cdcwatch.dashboards.preview;

import dev.cdcwatch.dashboards.prometheus.Sample;

import java.util.List;
import java.util.Map;

/** A query result series with the name its panel's legend gives it. */
record NamedSeries(String name, Map<String, String> labels, List<Sample> samples) {

    double last() {
        return samples.isEmpty() ? Double.NaN : samples.get(samples.size() - 1).value();
    }
}
