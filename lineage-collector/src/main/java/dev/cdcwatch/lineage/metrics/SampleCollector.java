package dev.cdcwatch.lineage.metrics;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.metrics.MetricDefinition;
import dev.cdcwatch.catalog.metrics.MetricType;
import dev.cdcwatch.catalog.wire.WireSample;
import io.prometheus.client.Collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Exposes the collector's latest samples on a Prometheus registry, typed and described by the catalog. */
public final class SampleCollector extends Collector {

    private final Supplier<List<WireSample>> samples;

    public SampleCollector(Supplier<List<WireSample>> samples) {
        this.samples = samples;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Map<String, List<MetricFamilySamples.Sample>> byName = new LinkedHashMap<>();
        for (WireSample sample : samples.get()) {
            List<String> names = new ArrayList<>(sample.labels().keySet());
            names.sort(null);
            List<String> values = names.stream().map(sample.labels()::get).toList();
            byName.computeIfAbsent(sample.name(), n -> new ArrayList<>())
                    .add(new MetricFamilySamples.Sample(sample.name(), names, values, sample.value()));
        }
        List<MetricFamilySamples> families = new ArrayList<>();
        byName.forEach((name, list) -> {
            MetricDefinition definition = MetricCatalog.byName(name)
                    .orElseThrow(() -> new IllegalStateException("sample " + name + " is not in the metric catalog"));
            boolean counter = definition.type() == MetricType.COUNTER;
            // simpleclient names a counter family without the _total its samples carry.
            String family = counter ? name.substring(0, name.length() - "_total".length()) : name;
            families.add(new MetricFamilySamples(family, counter ? Type.COUNTER : Type.GAUGE, definition.help(), list));
        });
        return families;
    }
}
