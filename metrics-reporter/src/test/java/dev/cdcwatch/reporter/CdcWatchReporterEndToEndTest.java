package dev.cdcwatch.reporter;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.metrics.MetricDefinition;
import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.reporter.support.Exposition;
import dev.cdcwatch.reporter.support.PushedBatches;
import dev.cdcwatch.reporter.support.ReferenceJob;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.flink.FlinkCluster;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reference CDC job on a MiniCluster whose only reporter configuration is {@code metrics.reporter.cdcwatch.*}:
 * scraped over HTTP and pushed to a real HTTP receiver, under the catalog's names and labels.
 */
@ExtendWith(SharedInfrastructure.class)
class CdcWatchReporterEndToEndTest {

    private static final String JOB = "orders-cdc";
    private static final Set<String> VOLATILE_LABELS = Set.of("job_id", "tm_id", "task_id", "task_attempt_id", "task_attempt_num",
            "operator_id", "task_name", "operator_name", "job_name", "subtask_index");
    private static final List<MetricDefinition> SOURCE_LAG = List.of(
            MetricCatalog.SOURCE_EMIT_LAG, MetricCatalog.SOURCE_FETCH_LAG, MetricCatalog.SOURCE_IDLE_TIME);

    @Test
    void referenceJobIsScrapedAndPushedUnderCatalogNamesAndLabels(MariaDbServer db, KafkaBroker kafka) throws Exception {
        int port = FreePorts.find();
        try (HttpReceiver engine = HttpReceiver.start()) {
            Configuration flinkConf = new Configuration();
            flinkConf.setString("metrics.reporter.cdcwatch.factory.class", "dev.cdcwatch.reporter.CdcWatchReporterFactory");
            flinkConf.setString("metrics.reporter.cdcwatch.port", Integer.toString(port));
            flinkConf.setString("metrics.reporter.cdcwatch.push.url", engine.url("/api/v1/push"));
            flinkConf.setString("metrics.reporter.cdcwatch.push.token", "engine-token-1");
            flinkConf.setString("metrics.reporter.cdcwatch.push.interval", "200 ms");

            try (FlinkCluster flink = FlinkCluster.start(flinkConf, 2)) {
                JobID job = flink.submit(ReferenceJob.define(JOB, "reporter_shop", "5600-5603", db, kafka));
                db.execute("INSERT INTO reporter_shop.orders VALUES (4, 'dee', 40.00)", "UPDATE reporter_shop.orders SET amount = 1 WHERE id = 1");

                AtomicReference<Exposition> scrape = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    scrape.set(Exposition.scrape(port));
                    for (MetricDefinition lag : SOURCE_LAG) {
                        assertThat(scrape.get().samples(lag.name())).as(lag.name()).isNotEmpty();
                    }
                    assertThat(scrape.get().samples(MetricCatalog.OPERATOR_RECORDS_OUT.name()))
                            .anySatisfy(sample -> assertThat(sample.value()).isGreaterThan(0));
                });
                Exposition metrics = scrape.get();
                Files.writeString(Path.of("target", "e2e-scrape.txt"), metrics.text());

                for (MetricDefinition lag : SOURCE_LAG) {
                    assertThat(metrics.type(lag.name())).as("TYPE of " + lag.name()).contains("gauge");
                    assertThat(metrics.samples(lag.name())).singleElement().satisfies(sample -> {
                        assertThat(sample.labels().keySet()).containsExactlyElementsOf(lag.labels());
                        assertThat(sample.labels()).containsEntry("job", JOB).containsEntry("operator", "Source: mysql-cdc").doesNotContainEntry("host", "")
                                .containsEntry("subtask", "0");
                    });
                }
                assertThat(metrics.type(MetricCatalog.OPERATOR_RECORDS_OUT.name())).as("records out is a counter").contains("counter");
                assertThat(metrics.samples(MetricCatalog.OPERATOR_RECORDS_OUT.name()))
                        .allSatisfy(sample -> assertThat(sample.labels().keySet())
                                .containsExactlyElementsOf(MetricCatalog.OPERATOR_RECORDS_OUT.labels()));
                assertThat(metrics.samples(MetricCatalog.JOB_UPTIME.name())).singleElement()
                        .satisfies(sample -> assertThat(sample.labels()).containsOnlyKeys("job", "host").containsEntry("job", JOB));
                assertThat(metrics.samples()).as("no volatile ids or Flink's raw variable names as labels")
                        .allSatisfy(sample -> assertThat(sample.labels().keySet()).doesNotContainAnyElementsOf(VOLATILE_LABELS));
                assertThat(metrics.samples()).extracting(Exposition.Sample::name).as("every generic metric is a flink_ metric")
                        .allSatisfy(name -> assertThat(name).matches("(flink_|cdc_|cdcwatch_).*"));
                assertThat(metrics.samples(MetricCatalog.REPORTER_SERIES.name())).singleElement()
                        .satisfies(sample -> assertThat(sample.value()).isGreaterThan(10));

                // The engine receives the same samples, gzipped, with the token. A push taken before the scrape could lack a
                // metric registered in between, so the one compared is two pushes later.
                int pushesAtScrape = engine.requests().size();
                await().atMost(Duration.ofSeconds(10)).until(() -> engine.requests().size() >= pushesAtScrape + 2);
                ReceivedRequest push = engine.requests().get(engine.requests().size() - 1);
                assertThat(push.method()).isEqualTo("POST");
                assertThat(push.uri().getPath()).isEqualTo("/api/v1/push");
                assertThat(push.header("Content-Encoding")).isEqualTo("gzip");
                assertThat(push.header("Content-Type")).isEqualTo(BinaryBatchCodec.CONTENT_TYPE);
                assertThat(push.header("Authorization")).isEqualTo("Bearer engine-token-1");
                PushBatch batch = PushedBatches.decode(push);
                assertThat(batch.version()).isEqualTo(BinaryBatchCodec.VERSION);
                assertThat(batch.reporter().job()).isEqualTo(JOB);
                assertThat(batch.reporter().instance()).endsWith(":" + port);
                for (MetricDefinition lag : SOURCE_LAG) {
                    Exposition.Sample scraped = metrics.samples(lag.name()).get(0);
                    assertThat(batch.samples()).filteredOn(sample -> sample.name().equals(lag.name()))
                            .singleElement().extracting(WireSample::labels).isEqualTo(scraped.labels());
                }
                Set<String> scrapedNames = Set.copyOf(metrics.samples().stream().map(Exposition.Sample::name).toList());
                List<String> scopeNamed = scrapedNames.stream()
                        .filter(name -> name.startsWith("flink_taskmanager_") || name.startsWith("flink_jobmanager_")).toList();
                assertThat(scopeNamed).as("Flink's metrics without a catalog name are scraped")
                        .contains("flink_taskmanager_Status_JVM_CPU_Load", "flink_jobmanager_numRunningJobs");
                assertThat(batch.samples()).extracting(WireSample::name).as("the push carries what the scrape shows but those")
                        .containsAll(scrapedNames.stream().filter(name -> !name.equals(MetricCatalog.REPORTER_PUSH_LATENCY.name()))
                                .filter(name -> !scopeNamed.contains(name)).toList())
                        .as("push.exclude leaves them to Prometheus").doesNotContainAnyElementsOf(scopeNamed);
                Map<String, String> recordsOutLabels = metrics.samples(MetricCatalog.OPERATOR_RECORDS_OUT.name()).get(0).labels();
                assertThat(batch.samples()).anySatisfy(sample -> {
                    assertThat(sample.name()).isEqualTo(MetricCatalog.OPERATOR_RECORDS_OUT.name());
                    assertThat(sample.labels()).isEqualTo(recordsOutLabels);
                });
                flink.cancel(job);
            }
        }
    }
}
