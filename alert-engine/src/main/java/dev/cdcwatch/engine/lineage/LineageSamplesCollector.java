package dev.cdcwatch.engine.lineage;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.metrics.MetricDefinition;
import dev.cdcwatch.catalog.metrics.MetricType;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.lineage.LineageCollector;
import io.prometheus.client.Collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exposes the collector's latest consumer-lag and health samples on the engine's {@code /metrics}, with catalog types and help. */
final class LineageSamplesCollector extends Collector {

    private final LineageCollector collector;

    LineageSamplesCollector(LineageCollector collector) {
        this.collector = collector;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Map<String, List<MetricFamilySamples.Sample>> byName = new LinkedHashMap<>();
        for (WireSample sample : collector.samples()) {
            List<String> names = new ArrayList<>(sample.labels().keySet());
            List<String> values = names.stream().map(sample.labels()::get).toList();
            byName.computeIfAbsent(sample.name(), name -> new ArrayList<>())
                    .add(new MetricFamilySamples.Sample(sample.name(), names, values, sample.value()));
        }
        List<MetricFamilySamples> families = new ArrayList<>();
        byName.forEach((name, samples) -> {
            MetricDefinition definition = MetricCatalog.byName(name).orElse(null);
            Type type = definition != null && definition.type() == MetricType.COUNTER ? Type.COUNTER : Type.GAUGE;
            String family = type == Type.COUNTER ? name.substring(0, name.length() - "_total".length()) : name;
            families.add(new MetricFamilySamples(family, type, definition == null ? name : definition.help(), samples));
        });
        return families;
    }
}
