package dev.cdcwatch.reporter;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import dev.cdcwatch.catalog.wire.DecodedBatch;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.reporter.support.FlinkMetricGroups;
import dev.cdcwatch.reporter.support.PushedBatches;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reporter in Flink's real metric registry pushing to a real HTTP receiver, in each push format. */
class PushFormatTest {

    private static final Map<String, String> SOURCE_LABELS = Map.of(
            "job", "orders-cdc", "host", "tm-host-1", "task", "Source: mysql-cdc", "operator", "Source: mysql-cdc", "subtask", "0");

    private record Series(String name, Map<String, String> labels) {
    }

    private HttpReceiver engine;
    private FlinkMetricGroups flink;

    @BeforeEach
    void startEngine() {
        engine = HttpReceiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (flink != null) {
            flink.close();
        }
        engine.close();
    }

    @Test
    void theDefaultPushIsBinaryAndDecodesToTheReportedSamples() {
        startReporter();

        // The first batch may be taken before the source's metrics are registered; a later one carries them.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ReceivedRequest push = latestPush();
            assertThat(push.header("Content-Type")).isEqualTo(BinaryBatchCodec.CONTENT_TYPE);
            assertThat(push.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(new String(Arrays.copyOf(PushedBatches.body(push), 4), StandardCharsets.US_ASCII)).isEqualTo("CDCW");
            assertCarriesTheSourceSamples(new BinaryBatchCodec().decode(PushedBatches.body(push)), BinaryBatchCodec.VERSION);
        });
    }

    @Test
    void pushFormatJsonSendsJson() {
        startReporter("push.format", "json");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ReceivedRequest push = latestPush();
            assertThat(push.header("Content-Type")).isEqualTo(PushBatchCodec.CONTENT_TYPE);
            assertThat(push.bodyText()).startsWith("{\"version\":1,");
            assertCarriesTheSourceSamples(new PushBatchCodec().decode(PushedBatches.body(push)), PushBatch.CURRENT_VERSION);
        });
    }

    @Test
    void everySeriesKeepsItsKeyHashFromOneBinaryPushToTheNext() throws Exception {
        startReporter();

        // A push may still gain a series the one before lacked (the reporter's push latency appears after the first send
        // succeeds, however long that takes); every series both carry must keep its hash.
        List<ReceivedRequest> pushes = awaitPushes(5);
        Map<Series, Long> earlier = keyHashes(PushedBatches.decodeForIngest(pushes.get(3)));
        Map<Series, Long> later = new HashMap<>(keyHashes(PushedBatches.decodeForIngest(pushes.get(4))));
        later.keySet().retainAll(earlier.keySet());

        assertThat(later).containsKey(new Series(MetricCatalog.SOURCE_EMIT_LAG.name(), SOURCE_LABELS)).hasSizeGreaterThan(5);
        assertThat(earlier).containsAllEntriesOf(later);
    }

    private void startReporter(String... options) {
        Properties properties = new Properties();
        properties.setProperty("port", "0");
        properties.setProperty("push.url", engine.url("/api/v1/push"));
        properties.setProperty("push.interval", "100 ms");
        for (int i = 0; i < options.length; i += 2) {
            properties.setProperty(options[i], options[i + 1]);
        }
        CdcWatchReporter reporter = (CdcWatchReporter) new CdcWatchReporterFactory().createMetricReporter(properties);
        flink = new FlinkMetricGroups("tm-host-1", List.of(FlinkMetricGroups.NamedReporter.of("cdcwatch", reporter, properties)));
        TaskMetricGroup task = FlinkMetricGroups.task(flink.job("orders-cdc"), "Source: mysql-cdc");
        InternalOperatorMetricGroup source = FlinkMetricGroups.operator(task, "Source: mysql-cdc");
        source.gauge("currentEmitEventTimeLag", () -> 1234L);
        source.getIOMetricGroup().getNumRecordsOutCounter().inc(7);
    }

    private List<ReceivedRequest> awaitPushes(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.requests().size() >= count);
        return engine.requests();
    }

    private ReceivedRequest latestPush() {
        List<ReceivedRequest> pushes = engine.requests();
        assertThat(pushes).isNotEmpty();
        return pushes.get(pushes.size() - 1);
    }

    private static void assertCarriesTheSourceSamples(PushBatch batch, int version) {
        assertThat(batch.version()).isEqualTo(version);
        assertThat(batch.reporter().job()).isEqualTo("orders-cdc");
        assertThat(batch.reporter().host()).isEqualTo("tm-host-1");
        assertThat(batch.samples()).filteredOn(sample -> sample.name().equals(MetricCatalog.SOURCE_EMIT_LAG.name()))
                .singleElement().satisfies(sample -> {
                    assertThat(sample.labels()).isEqualTo(SOURCE_LABELS);
                    assertThat(sample.value()).isEqualTo(1234);
                });
        assertThat(batch.samples()).filteredOn(sample -> sample.name().equals(MetricCatalog.OPERATOR_RECORDS_OUT.name()))
                .singleElement().extracting(WireSample::value).isEqualTo(7.0);
    }

    private static Map<Series, Long> keyHashes(DecodedBatch batch) throws Exception {
        Map<Series, Long> hashes = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            hashes.put(new Series(batch.name(i), batch.labels(i)), batch.keyHash(i));
        }
        return hashes;
    }
}
