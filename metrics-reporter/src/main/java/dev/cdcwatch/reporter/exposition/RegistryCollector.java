package dev.cdcwatch.reporter.exposition;

import dev.cdcwatch.reporter.series.Family;
import dev.cdcwatch.reporter.series.SeriesRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.Predicate;

import java.util.ArrayList;
import java.util.List;

/** Turns the {@link SeriesRegistry} into Prometheus metric families at scrape time. */
public final class RegistryCollector extends Collector {

    private final SeriesRegistry registry;

    public RegistryCollector(SeriesRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        return collect(null);
    }

    @Override
    public List<MetricFamilySamples> collect(Predicate<String> sampleNameFilter) {
        List<MetricFamilySamples> families = new ArrayList<>();
        for (Family family : registry.families()) {
            if (sampleNameFilter != null && !accepts(sampleNameFilter, family)) {
                continue;
            }
            List<MetricFamilySamples.Sample> samples = new ArrayList<>(family.size());
            SeriesRegistry.addSamples(family, samples);
            families.add(new MetricFamilySamples(family.name(), family.unit(), type(family), family.help(), samples));
        }
        return families;
    }

    private static boolean accepts(Predicate<String> filter, Family family) {
        return filter.test(family.exposedName()) || filter.test(family.name()) || filter.test(family.name() + "_count");
    }

    private static Type type(Family family) {
        return switch (family.kind()) {
            case COUNTER -> Type.COUNTER;
            case GAUGE -> Type.GAUGE;
            case SUMMARY -> Type.SUMMARY;
        };
    }
}
