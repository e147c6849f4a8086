package dev.cdcwatch.engine.rules.promtool;

import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.series.RangeSeries;
import dev.cdcwatch.engine.series.SeriesSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A plain map of series to samples, enough to feed promtool-style input series to the evaluator. */
final class InMemorySeriesSource implements SeriesSource {

    private final Map<Labels, TreeMap<Long, Double>> series = new LinkedHashMap<>();

    void add(Labels labels, long timestampMillis, double value) {
        series.computeIfAbsent(labels, key -> new TreeMap<>()).put(timestampMillis, value);
    }

    @Override
    public List<RangeSeries> select(List<LabelMatcher> matchers, long fromExclusiveMillis, long toInclusiveMillis) {
        List<RangeSeries> result = new ArrayList<>();
        series.forEach((labels, samples) -> {
            if (matchers.stream().allMatch(matcher -> matcher.matches(labels))) {
                NavigableMap<Long, Double> window = samples.subMap(fromExclusiveMillis, false, toInclusiveMillis, true);
                if (!window.isEmpty()) {
                    long[] timestamps = new long[window.size()];
                    double[] values = new double[window.size()];
                    int i = 0;
                    for (Map.Entry<Long, Double> sample : window.entrySet()) {
                        timestamps[i] = sample.getKey();
                        values[i++] = sample.getValue();
                    }
                    result.add(new RangeSeries(labels, timestamps, values));
                }
            }
        });
        return result;
    }
}
