package dev.cdcwatch.reporter.naming;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricNamingTest {

    private final MetricNaming naming = new MetricNaming();

    @Test
    void catalogMetricsGetTheCatalogNameTypeAndLabelOrder() {
        MetricName lag = naming.name("taskmanager.job.task.operator", "currentEmitEventTimeLag", FamilyKind.GAUGE);

        assertThat(lag.exposedName()).isEqualTo("cdc_source_emit_event_time_lag_milliseconds");
        assertThat(lag.family()).isEqualTo(lag.exposedName());
        assertThat(lag.kind()).isEqualTo(FamilyKind.GAUGE);
        assertThat(lag.unit()).isEqualTo("milliseconds");
        assertThat(lag.labelOrder()).isEqualTo(MetricCatalog.SOURCE_EMIT_LAG.labels());
        assertThat(lag.definition()).contains(MetricCatalog.SOURCE_EMIT_LAG);
    }

    @Test
    void catalogCountersAreCountersWhateverFlinkRegistered() {
        MetricName disconnects = naming.name("taskmanager.job.task.operator.debezium", "disconnects", FamilyKind.GAUGE);
        MetricName recordsOut = naming.name("taskmanager.job.task.operator", "numRecordsOut", FamilyKind.COUNTER);

        assertThat(disconnects.kind()).isEqualTo(FamilyKind.COUNTER);
        assertThat(disconnects.family()).isEqualTo("cdc_debezium_disconnects");
        assertThat(disconnects.exposedName()).isEqualTo("cdc_debezium_disconnects_total");
        assertThat(recordsOut.exposedName()).isEqualTo("flink_operator_records_out_total");
    }

    @Test
    void userKeyValueGroupsAreFoundByTheirKeys() {
        MetricName routed = naming.name("taskmanager.job.task.operator.cdcwatch.database.table.topic", "routedRecords", FamilyKind.COUNTER);

        assertThat(routed.exposedName()).isEqualTo(MetricCatalog.ROUTE_RECORDS.name());
        assertThat(routed.labelOrder()).endsWith("database", "table", "topic");
    }

    @Test
    void otherMetricsGetFlinksPrometheusNameSanitised() {
        MetricName gc = naming.name("taskmanager.Status.JVM.GarbageCollector.G1 Young Generation", "Count", FamilyKind.GAUGE);
        MetricName counter = naming.name("taskmanager.job.task", "numBytesIn", FamilyKind.COUNTER);
        MetricName histogram = naming.name("taskmanager.job.task.operator", "latency-ms", FamilyKind.SUMMARY);

        assertThat(gc.exposedName()).isEqualTo("flink_taskmanager_Status_JVM_GarbageCollector_G1_Young_Generation_Count");
        assertThat(gc.definition()).isEmpty();
        assertThat(counter.family()).isEqualTo("flink_taskmanager_job_task_numBytesIn");
        assertThat(counter.exposedName()).isEqualTo("flink_taskmanager_job_task_numBytesIn_total");
        assertThat(counter.kind()).isEqualTo(FamilyKind.COUNTER);
        assertThat(histogram.exposedName()).isEqualTo("flink_taskmanager_job_task_operator_latency_ms");
        assertThat(histogram.kind()).isEqualTo(FamilyKind.SUMMARY);
    }

    @Test
    void unitIsKeptOnlyWhenTheNameEndsInIt() {
        assertThat(naming.name("jobmanager.job", "uptime", FamilyKind.GAUGE).unit()).isEqualTo("milliseconds");
        assertThat(naming.name("taskmanager.job.task.operator", "numRecordsIn", FamilyKind.COUNTER).unit()).isEmpty();
    }
}
