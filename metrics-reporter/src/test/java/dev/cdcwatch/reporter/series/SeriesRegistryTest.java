package dev.cdcwatch.reporter.series;

import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.reporter.naming.FamilyKind;
import dev.cdcwatch.reporter.naming.MetricName;
import dev.cdcwatch.reporter.naming.MetricNaming;
import dev.cdcwatch.reporter.naming.ResolvedLabels;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesRegistryTest {

    private final SeriesRegistry registry = new SeriesRegistry(exposedName -> true);
    private final MetricName disconnects = new MetricNaming().name("taskmanager.job.task.operator.debezium", "disconnects", FamilyKind.COUNTER);
    private final ResolvedLabels labels = new ResolvedLabels(List.of("job", "subtask"), List.of("shop-cdc", "0"));

    @Test
    void aCounterRemovedBetweenPushesGoesOutOnceWithTheValueItHadWhenRemoved() {
        SimpleCounter counter = new SimpleCounter();
        registry.add(counter, disconnects, labels, "shop-cdc");
        assertThat(batch(1_000)).extracting(WireSample::value).containsExactly(0.0);

        counter.inc();
        registry.remove(counter, disconnects, labels, "shop-cdc");

        assertThat(batch(Long.MAX_VALUE)).singleElement().satisfies(sample -> {
            assertThat(sample.name()).isEqualTo(disconnects.exposedName());
            assertThat(sample.value()).isEqualTo(1.0);
            assertThat(sample.labels()).containsEntry("job", "shop-cdc");
        });
        assertThat(batch(Long.MAX_VALUE)).as("the last value is pushed once").isEmpty();
    }

    @Test
    void aSeriesStillRegisteredByAnotherMetricKeepsNoFinalSample() {
        SimpleCounter first = new SimpleCounter();
        SimpleCounter second = new SimpleCounter();
        second.inc(5);
        registry.add(first, disconnects, labels, "shop-cdc");
        registry.add(second, disconnects, labels, "shop-cdc");

        registry.remove(second, disconnects, labels, "shop-cdc");

        assertThat(batch(Long.MAX_VALUE)).extracting(WireSample::value).containsExactly(0.0);
    }

    @Test
    void aFamilyLeftOutOfThePushIsScrapedButNeitherPushedNorSentAfterRemoval() {
        SeriesRegistry registry = new SeriesRegistry(exposedName -> !exposedName.contains("_Status_JVM_"));
        MetricName cpuLoad = new MetricNaming().name("taskmanager.Status.JVM.CPU", "Load", FamilyKind.GAUGE);
        Gauge<Double> load = () -> 0.5;
        SimpleCounter counter = new SimpleCounter();
        registry.add(load, cpuLoad, labels, "shop-cdc");
        registry.add(counter, disconnects, labels, "shop-cdc");

        List<WireSample> pushed = new ArrayList<>();
        registry.forEachWireSample(1_000, pushed::add);
        assertThat(pushed).extracting(WireSample::name).containsExactly(disconnects.exposedName());
        List<Sample> scraped = new ArrayList<>();
        registry.families().forEach(family -> SeriesRegistry.addSamples(family, scraped));
        assertThat(scraped).extracting(sample -> sample.name).contains(cpuLoad.exposedName(), disconnects.exposedName());

        registry.remove(load, cpuLoad, labels, "shop-cdc");
        pushed.clear();
        registry.forEachWireSample(2_000, pushed::add);
        assertThat(pushed).extracting(WireSample::name).containsExactly(disconnects.exposedName());
    }

    private List<WireSample> batch(long timestampMillis) {
        List<WireSample> samples = new ArrayList<>();
        registry.forEachWireSample(timestampMillis, samples::add);
        return samples;
    }
}
