package dev.cdcwatch.reporter.series;

import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.reporter.naming.FamilyKind;
import dev.cdcwatch.reporter.naming.MetricName;
import dev.cdcwatch.reporter.naming.ResolvedLabels;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One Flink metric under its exposed name and labels. Everything but the value is computed once, at
 * registration, so a scrape or a push only reads values.
 */
public final class Series {

    /** Quantiles of a Flink histogram, as Flink's own Prometheus reporter exposes them. */
    static final double[] QUANTILES = {.5, .75, .95, .98, .99, .999};
    private static final String[] QUANTILE_LABELS = {"0.5", "0.75", "0.95", "0.98", "0.99", "0.999"};

    private final Metric metric;
    private final MetricName name;
    private final List<String> labelNames;
    private final List<String> labelValues;
    private final Map<String, String> labelMap;
    // Summaries only: the quantile label appended, per quantile.
    private final List<String> quantileLabelNames;
    private final List<List<String>> quantileLabelValues;
    private final List<Map<String, String>> quantileLabelMaps;
    private volatile boolean numeric = true;

    Series(Metric metric, MetricName name, ResolvedLabels labels) {
        this.metric = metric;
        this.name = name;
        this.labelNames = labels.names();
        this.labelValues = labels.values();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labelNames.size(); i++) {
            map.put(labelNames.get(i), labelValues.get(i));
        }
        this.labelMap = Map.copyOf(map);
        if (name.kind() == FamilyKind.SUMMARY) {
            List<String> names = new ArrayList<>(labelNames);
            names.add("quantile");
            quantileLabelNames = List.copyOf(names);
            quantileLabelValues = new ArrayList<>();
            quantileLabelMaps = new ArrayList<>();
            for (String quantile : QUANTILE_LABELS) {
                List<String> values = new ArrayList<>(labelValues);
                values.add(quantile);
                quantileLabelValues.add(List.copyOf(values));
                Map<String, String> withQuantile = new HashMap<>(labelMap);
                withQuantile.put("quantile", quantile);
                quantileLabelMaps.add(Map.copyOf(withQuantile));
            }
        } else {
            quantileLabelNames = List.of();
            quantileLabelValues = List.of();
            quantileLabelMaps = List.of();
        }
    }

    /** How Flink's metric reads: counters as counters, gauges and meters as gauges, histograms as summaries. */
    public static FamilyKind kindOf(Metric metric) {
        if (metric instanceof Counter) {
            return FamilyKind.COUNTER;
        }
        if (metric instanceof Histogram) {
            return FamilyKind.SUMMARY;
        }
        return FamilyKind.GAUGE;
    }

    public MetricName name() {
        return name;
    }

    public List<String> labelNames() {
        return labelNames;
    }

    public List<String> labelValues() {
        return labelValues;
    }

    public Map<String, String> labels() {
        return labelMap;
    }

    Metric metric() {
        return metric;
    }

    /** The current value; NaN when there is none (a gauge that returned null or something other than a number). */
    public double value() {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        if (metric instanceof Gauge<?> gauge) {
            if (!numeric) {
                return Double.NaN;
            }
            Object value = gauge.getValue();
            if (value instanceof Number number) {
                return number.doubleValue();
            }
            if (value instanceof Boolean bool) {
                return bool ? 1 : 0;
            }
            if (value != null) {
                numeric = false; // A string gauge stays a string gauge: stop reading it.
            }
            return Double.NaN;
        }
        if (metric instanceof Meter meter) {
            return meter.getRate();
        }
        if (metric instanceof Histogram histogram) {
            return histogram.getCount();
        }
        return Double.NaN;
    }

    /** Adds this series' samples for the Prometheus exposition; samples without a value are left out. */
    void addSamples(List<Sample> samples) {
        if (metric instanceof Histogram histogram) {
            samples.add(new Sample(name.family() + "_count", labelNames, labelValues, histogram.getCount()));
            HistogramStatistics statistics = histogram.getStatistics();
            for (int i = 0; i < QUANTILES.length; i++) {
                samples.add(new Sample(name.family(), quantileLabelNames, quantileLabelValues.get(i), statistics.getQuantile(QUANTILES[i])));
            }
            return;
        }
        double value = value();
        if (!Double.isNaN(value)) {
            samples.add(new Sample(name.exposedName(), labelNames, labelValues, value));
        }
    }

    /** Adds this series' samples for a push batch. */
    void addWireSamples(long timestampMillis, Consumer<WireSample> samples) {
        if (metric instanceof Histogram histogram) {
            samples.accept(new WireSample(name.family() + "_count", labelMap, histogram.getCount(), timestampMillis));
            HistogramStatistics statistics = histogram.getStatistics();
            for (int i = 0; i < QUANTILES.length; i++) {
                samples.accept(new WireSample(name.family(), quantileLabelMaps.get(i), statistics.getQuantile(QUANTILES[i]), timestampMillis));
            }
            return;
        }
        double value = value();
        if (Double.isFinite(value)) {
            samples.accept(new WireSample(name.exposedName(), labelMap, value, timestampMillis));
        }
    }
}
