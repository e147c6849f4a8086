package dev.cdcwatch.reporter;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.reporter.config.ReporterOptions;
import dev.cdcwatch.reporter.support.Exposition;
import dev.cdcwatch.reporter.support.FlinkMetricGroups;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerJobMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reporter in Flink's real metric registry and groups, scraped over HTTP. */
class CdcWatchReporterTest {

    private static final String LATE_EVENTS = "flink_taskmanager_job_task_operator_lateEvents_total";

    private final HttpClient http = HttpClient.newHttpClient();
    private FlinkMetricGroups flink;
    private CdcWatchReporter reporter;

    private void start(String... options) {
        Properties properties = new Properties();
        properties.setProperty("port", "0");
        for (int i = 0; i < options.length; i += 2) {
            properties.setProperty(options[i], options[i + 1]);
        }
        reporter = (CdcWatchReporter) new CdcWatchReporterFactory().createMetricReporter(properties);
        flink = new FlinkMetricGroups("tm-host-1", List.of(FlinkMetricGroups.NamedReporter.of("cdcwatch", reporter, properties)));
    }

    @AfterEach
    void stop() throws Exception {
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void flinkMetricsAreExposedWithTypesAndCleanLabels() {
        start();
        TaskManagerJobMetricGroup job = flink.job("orders-cdc");
        TaskMetricGroup task = FlinkMetricGroups.task(job, "Source: mysql-cdc");
        InternalOperatorMetricGroup source = FlinkMetricGroups.operator(task, "Source: mysql-cdc");
        source.gauge("currentEmitEventTimeLag", () -> 1234L);
        source.getIOMetricGroup().getNumRecordsOutCounter().inc(7);
        source.gauge("checkpointPath", () -> "s3://not/a/number");
        source.addGroup("cdcwatch").addGroup("database", "shop").addGroup("table", "orders").addGroup("topic", "t1")
                .counter("routedRecords").inc(3);
        source.histogram("fetchDelay", new FixedHistogram());

        Exposition scrape = Exposition.scrape(reporter.port());

        assertThat(scrape.samples(MetricCatalog.SOURCE_EMIT_LAG.name())).singleElement().satisfies(sample -> {
            assertThat(sample.value()).isEqualTo(1234);
            assertThat(sample.labels()).containsExactly(
                    java.util.Map.entry("job", "orders-cdc"), java.util.Map.entry("host", "tm-host-1"),
                    java.util.Map.entry("task", "Source: mysql-cdc"), java.util.Map.entry("operator", "Source: mysql-cdc"),
                    java.util.Map.entry("subtask", "0"));
        });
        assertThat(scrape.type(MetricCatalog.OPERATOR_RECORDS_OUT.name())).contains("counter");
        assertThat(scrape.samples(MetricCatalog.OPERATOR_RECORDS_OUT.name())).singleElement().extracting(Exposition.Sample::value).isEqualTo(7.0);
        assertThat(scrape.samples(MetricCatalog.ROUTE_RECORDS.name())).singleElement().satisfies(sample -> {
            assertThat(sample.labels().keySet()).containsExactlyElementsOf(MetricCatalog.ROUTE_RECORDS.labels());
            assertThat(sample.labels()).containsEntry("table", "orders").containsEntry("topic", "t1");
        });
        assertThat(scrape.text()).as("a string gauge has no value to expose").doesNotContain("checkpointPath 0");
        assertThat(scrape.samples("flink_taskmanager_job_task_operator_checkpointPath")).isEmpty();
        assertThat(scrape.type("flink_taskmanager_job_task_operator_fetchDelay")).contains("summary");
        assertThat(scrape.samples("flink_taskmanager_job_task_operator_fetchDelay_count")).singleElement()
                .extracting(Exposition.Sample::value).isEqualTo(42.0);
        assertThat(scrape.samples("flink_taskmanager_job_task_operator_fetchDelay"))
                .extracting(sample -> sample.labels().get("quantile")).containsExactly("0.5", "0.75", "0.95", "0.98", "0.99", "0.999");
        assertThat(scrape.samples(MetricCatalog.REPORTER_SERIES.name())).singleElement().satisfies(sample -> {
            assertThat(sample.labels()).containsEntry("job", "orders-cdc").containsEntry("host", "tm-host-1");
            assertThat(sample.value()).isEqualTo(reporter.seriesCount());
        });
    }

    @Test
    void metricsOfOneSeriesAppearOnceAndTheSurvivorShowsWhenOneIsRemoved() {
        start();
        TaskMetricGroup task = FlinkMetricGroups.task(flink.job("orders-cdc"), "Map -> Map");
        FlinkMetricGroups.operator(task, "Map").counter("lateEvents").inc(1);
        InternalOperatorMetricGroup second = FlinkMetricGroups.operator(task, "Map");
        second.counter("lateEvents").inc(2);

        assertThat(Exposition.scrape(reporter.port()).samples(LATE_EVENTS))
                .as("two operators named Map in one task: one series, the newest").singleElement()
                .extracting(Exposition.Sample::value).isEqualTo(2.0);

        second.close();

        assertThat(Exposition.scrape(reporter.port()).samples(LATE_EVENTS))
                .singleElement().extracting(Exposition.Sample::value).isEqualTo(1.0);
    }

    @Test
    void closingAJobsGroupsRemovesItsSeries() {
        start();
        TaskManagerJobMetricGroup job = flink.job("orders-cdc");
        FlinkMetricGroups.operator(FlinkMetricGroups.task(job, "Source: mysql-cdc"), "Source: mysql-cdc").gauge("sourceIdleTime", () -> 5L);
        int withJob = reporter.seriesCount();

        job.close();

        Exposition scrape = Exposition.scrape(reporter.port());
        assertThat(scrape.samples(MetricCatalog.SOURCE_IDLE_TIME.name())).isEmpty();
        assertThat(reporter.seriesCount()).isLessThan(withJob);
        assertThat(scrape.samples(MetricCatalog.REPORTER_SERIES.name())).singleElement()
                .satisfies(sample -> assertThat(sample.labels()).containsEntry("job", ""));
    }

    @Test
    void includeExcludeAndLabelsOptionsShapeTheExposition() {
        start("include", "cdc_.*|flink_operator_.*", "labels", "job,subtask,task_attempt_num");
        TaskMetricGroup task = FlinkMetricGroups.task(flink.job("orders-cdc"), "Source: mysql-cdc");
        InternalOperatorMetricGroup source = FlinkMetricGroups.operator(task, "Source: mysql-cdc");
        source.gauge("currentFetchEventTimeLag", () -> 9L);
        task.counter("lateEvents");

        Exposition scrape = Exposition.scrape(reporter.port());

        assertThat(scrape.samples()).extracting(Exposition.Sample::name).filteredOn(name -> !name.startsWith("cdcwatch_"))
                .containsExactlyInAnyOrder(MetricCatalog.SOURCE_FETCH_LAG.name(), MetricCatalog.OPERATOR_RECORDS_IN.name(),
                        MetricCatalog.OPERATOR_RECORDS_OUT.name());
        assertThat(scrape.samples(MetricCatalog.SOURCE_FETCH_LAG.name())).singleElement()
                .satisfies(sample -> assertThat(sample.labels()).containsOnlyKeys("job", "subtask", "task_attempt_num"));
    }

    @Test
    void scrapesAreGzippedFilteredByNameAndOfferedAsOpenMetrics() throws Exception {
        start();
        FlinkMetricGroups.operator(FlinkMetricGroups.task(flink.job("orders-cdc"), "Source"), "Source")
                .getIOMetricGroup().getNumRecordsOutCounter().inc(5);
        URI base = URI.create("http://127.0.0.1:" + reporter.port());

        HttpResponse<byte[]> gzipped = http.send(HttpRequest.newBuilder(base.resolve("/metrics?name[]=flink_operator_records_out_total"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> openMetrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> healthy = http.send(HttpRequest.newBuilder(base.resolve("/-/healthy")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(base.resolve("/nothing")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(Exposition.parse(text).samples()).extracting(Exposition.Sample::name).containsExactly("flink_operator_records_out_total");
        assertThat(openMetrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(openMetrics.body()).contains("# TYPE flink_operator_records_out counter").endsWith("# EOF\n");
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void aTakenPortRangeFailsNamingTheRange() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            int port = taken.getLocalPort();
            Properties properties = new Properties();
            properties.setProperty("port", port + "-" + port);
            CdcWatchReporter lonely = new CdcWatchReporter(ReporterOptions.parse(properties));
            assertThatThrownBy(() -> lonely.open(new org.apache.flink.metrics.MetricConfig()))
                    .hasMessageContaining("no free port for the Prometheus endpoint in " + port);
        }
    }

    private static final class FixedHistogram implements Histogram {
        @Override
        public void update(long value) {
        }

        @Override
        public long getCount() {
            return 42;
        }

        @Override
        public HistogramStatistics getStatistics() {
            return new HistogramStatistics() {
                @Override
                public double getQuantile(double quantile) {
                    return quantile * 100;
                }

                @Override
                public long[] getValues() {
                    return new long[0];
                }

                @Override
                public int size() {
                    return 0;
                }

                @Override
                public double getMean() {
                    return 0;
                }

                @Override
                public double getStdDev() {
                    return 0;
                }

                @Override
                public long getMax() {
                    return 0;
                }

                @Override
                public long getMin() {
                    return 0;
                }
            };
        }
    }
}
