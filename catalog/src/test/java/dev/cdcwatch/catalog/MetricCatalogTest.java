package dev.cdcwatch.catalog;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.metrics.MetricDefinition;
import dev.cdcwatch.catalog.metrics.Origin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricCatalogTest {

    @Test
    void namesAreUniqueAndLookupsFindEveryEntry() {
        assertThat(MetricCatalog.all()).extracting(MetricDefinition::name).doesNotHaveDuplicates();
        for (MetricDefinition definition : MetricCatalog.all()) {
            assertThat(MetricCatalog.byName(definition.name())).contains(definition);
            definition.flinkLogicalName().ifPresent(logical ->
                    assertThat(MetricCatalog.byFlinkLogicalName(logical)).contains(definition));
        }
    }

    @Test
    void everyFlinkMetricNamesWhereFlinkReportsIt() {
        assertThat(MetricCatalog.all())
                .filteredOn(d -> d.origin() == Origin.FLINK || d.origin() == Origin.FLINK_CDC || d.origin() == Origin.CDC_JOB)
                .allSatisfy(d -> assertThat(d.flinkLogicalName()).isPresent());
    }

    @Test
    void noLabelExplodesCardinality() {
        assertThat(MetricCatalog.all()).flatExtracting(MetricDefinition::labels)
                .doesNotContain("job_id", "task_attempt_id", "tm_id", "task_attempt_num", "attempt");
    }

    @Test
    void coversTheSourceLagMetricsFlinkCdcRegisters() {
        assertThat(MetricCatalog.byFlinkLogicalName("taskmanager.job.task.operator.currentEmitEventTimeLag")).isPresent();
        assertThat(MetricCatalog.byFlinkLogicalName("taskmanager.job.task.operator.currentFetchEventTimeLag")).isPresent();
        assertThat(MetricCatalog.byFlinkLogicalName("taskmanager.job.task.operator.sourceIdleTime")).isPresent();
    }
}
