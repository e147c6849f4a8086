package dev.cdcwatch.dashboards.prometheus;

import java.util.List;
import java.util.Map;

/** A series of a Prometheus query result: its labels and its samples (one for an instant query). */
public record Series(Map<String, String> labels, List<Sample> samples) {

    public Series {
        labels = Map.copyOf(labels);
        samples = List.copyOf(samples);
    }
}
