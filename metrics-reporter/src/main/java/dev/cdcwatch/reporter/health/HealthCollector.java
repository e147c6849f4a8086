package dev.cdcwatch.reporter.health;

import dev.cdcwatch.catalog.metrics.Labels;
import dev.cdcwatch.catalog.metrics.MetricDefinition;
import dev.cdcwatch.catalog.metrics.MetricType;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import io.prometheus.client.Collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Exposes {@link ReporterHealth} on /metrics under the catalog's names and labels. */
public final class HealthCollector extends Collector {

    private final ReporterHealth health;
    private final Supplier<ReporterIdentity> identity;

    public HealthCollector(ReporterHealth health, Supplier<ReporterIdentity> identity) {
        this.health = health;
        this.identity = identity;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        ReporterIdentity reporter = identity.get();
        Map<MetricDefinition, List<MetricFamilySamples.Sample>> byDefinition = new LinkedHashMap<>();
        for (ReporterHealth.Reading reading : health.read()) {
            List<String> names = new ArrayList<>(List.of(Labels.JOB, Labels.HOST));
            List<String> values = new ArrayList<>(List.of(reporter.job(), reporter.host()));
            reading.extraLabels().forEach((name, value) -> {
                names.add(name);
                values.add(value);
            });
            byDefinition.computeIfAbsent(reading.definition(), d -> new ArrayList<>())
                    .add(new MetricFamilySamples.Sample(reading.definition().name(), names, values, reading.value()));
        }
        List<MetricFamilySamples> families = new ArrayList<>(byDefinition.size());
        byDefinition.forEach((definition, samples) -> {
            boolean counter = definition.type() == MetricType.COUNTER;
            String family = counter ? definition.name().substring(0, definition.name().length() - "_total".length()) : definition.name();
            String unit = family.endsWith("_" + definition.unit()) ? definition.unit() : "";
            families.add(new MetricFamilySamples(family, unit, counter ? Type.COUNTER : Type.GAUGE, definition.help(), samples));
        });
        return families;
    }
}
