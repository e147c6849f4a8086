package dev.cdcwatch.engine.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The engine's own metrics, in a registry of its own so that several engines can run in one JVM
 * (tests) without clashing. Exposed at {@code /metrics} in Prometheus text format.
 */
public final class EngineMetrics {

    private final CollectorRegistry registry = new CollectorRegistry(true);

    public final Counter samplesIngested = Counter.build("cdcwatch_engine_samples_ingested_total",
            "Samples accepted from push batches and written to the store").register(registry);
    public final Counter samplesOutOfOrder = Counter.build("cdcwatch_engine_samples_out_of_order_total",
            "Samples dropped because they were not newer than their series' last sample").register(registry);
    public final Counter batchesAccepted = Counter.build("cdcwatch_engine_batches_accepted_total",
            "Push batches accepted").register(registry);
    public final Counter batchesRejected = Counter.build("cdcwatch_engine_batches_rejected_total",
            "Push requests refused, by reason").labelNames("reason").register(registry);
    public final Counter staleMarkers = Counter.build("cdcwatch_engine_stale_markers_total",
            "Staleness markers written for series that stopped being reported").register(registry);
    public final Counter seriesRemoved = Counter.build("cdcwatch_engine_series_removed_total",
            "Series removed from the store after their samples aged out").register(registry);
    public final Counter reporterRestarts = Counter.build("cdcwatch_engine_reporter_restarts_total",
            "Reporter processes seen restarting (a new processStartMillis for a known instance)").register(registry);
    public final Histogram ruleGroupEvaluationSeconds = Histogram.build("cdcwatch_engine_rule_group_evaluation_seconds",
                    "Time to evaluate all rules of a group once").labelNames("group")
            .buckets(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5).register(registry);
    public final Counter ruleEvaluations = Counter.build("cdcwatch_engine_rule_evaluations_total",
            "Rule evaluations").labelNames("group").register(registry);
    public final Counter ruleEvaluationFailures = Counter.build("cdcwatch_engine_rule_evaluation_failures_total",
            "Rule evaluations that failed").labelNames("group", "rule").register(registry);
    public final Counter alertPersistFailures = Counter.build("cdcwatch_engine_alert_persist_failures_total",
            "Batches of alert transitions that could not be written to the database").register(registry);
    public final Counter alertTransitions = Counter.build("cdcwatch_engine_alert_transitions_total",
            "Alert state changes, by the state entered").labelNames("to").register(registry);

    /** Registers a gauge read when scraped. */
    public void gauge(String name, String help, DoubleSupplier value) {
        registry.register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return List.of(new GaugeMetricFamily(name, help, value.getAsDouble()));
            }
        });
    }

    /** Registers a gauge with one label, read when scraped from a map of label value to value. */
    public void labelledGauge(String name, String help, String label, Supplier<Map<String, Double>> values) {
        registry.register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                GaugeMetricFamily family = new GaugeMetricFamily(name, help, List.of(label));
                values.get().forEach((labelValue, value) -> family.addMetric(List.of(labelValue), value));
                return new ArrayList<>(List.of(family));
            }
        });
    }

    /** All metrics in Prometheus text format 0.0.4. */
    /** The registry behind {@link #scrape()}, for parts that add their own collectors (dispatch, lineage). */
    public CollectorRegistry registry() {
        return registry;
    }

    public String scrape() {
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
