package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.series.Labels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sum}, {@code min}, {@code max}, {@code avg} and {@code count} over groups of an instant vector. */
final class Aggregations {

    private Aggregations() {
    }

    static List<VectorSample> aggregate(Aggregation aggregation, List<VectorSample> input) {
        List<String> dropped = new ArrayList<>(aggregation.grouping());
        dropped.add(Labels.METRIC_NAME);
        Map<Labels, Group> groups = new LinkedHashMap<>();
        for (VectorSample sample : input) {
            Labels key = aggregation.without() ? sample.labels().without(dropped)
                    : aggregation.grouping().isEmpty() ? Labels.EMPTY
                    : sample.labels().keepOnly(aggregation.grouping());
            Group group = groups.get(key);
            if (group == null) {
                groups.put(key, new Group(sample.value()));
            } else {
                group.add(aggregation.op(), sample.value());
            }
        }
        List<VectorSample> result = new ArrayList<>(groups.size());
        groups.forEach((labels, group) -> result.add(new VectorSample(labels, group.result(aggregation.op()))));
        return result;
    }

    /** Running state of one group, updated as Prometheus 2.x updates it (incremental mean for avg). */
    private static final class Group {
        private double value;
        private double mean;
        private double count = 1;

        Group(double first) {
            this.value = first;
            this.mean = first;
        }

        void add(AggregationOp op, double sample) {
            count++;
            switch (op) {
                case SUM -> value += sample;
                case MAX -> value = value < sample || Double.isNaN(value) ? sample : value;
                case MIN -> value = value > sample || Double.isNaN(value) ? sample : value;
                case AVG -> addToMean(sample);
                case COUNT -> {
                    // counted above
                }
            }
        }

        private void addToMean(double sample) {
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(sample) && (mean > 0) == (sample > 0)) {
                    return;
                }
                if (!Double.isInfinite(sample) && !Double.isNaN(sample)) {
                    return;
                }
            }
            mean += sample / count - mean / count;
        }

        double result(AggregationOp op) {
            return switch (op) {
                case AVG -> mean;
                case COUNT -> count;
                default -> value;
            };
        }
    }
}
