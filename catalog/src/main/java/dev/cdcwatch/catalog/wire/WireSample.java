package dev.cdcwatch.catalog.wire;

import java.util.Map;

/** One value of one series at one time. Names and labels follow the metric catalog. */
public record WireSample(String name, Map<String, String> labels, double value, long timestampMillis) {

    public WireSample {
        labels = Map.copyOf(labels);
    }
}
