package dev.cdcwatch.engine.ingest;

import dev.cdcwatch.catalog.wire.BatchFormatException;
import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import dev.cdcwatch.catalog.wire.BinaryBatchEncoder;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.engine.metrics.EngineMetrics;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.RangeSeries;
import dev.cdcwatch.engine.store.RetentionPlan;
import dev.cdcwatch.engine.store.SeriesStore;
import dev.cdcwatch.engine.series.StaleMarker;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Samples find their series by raw key (the fast path) and by labels when the key is new, with the same results. */
class SeriesByRawKeyTest {

    private static final ReporterIdentity REPORTER = new ReporterIdentity("shop", "tm-1", "tm-1:9250", 1L);
    private static final long T0 = 1_700_000_000_000L;

    private final PushBatchCodec codec = new PushBatchCodec();
    private final SeriesStore store = new SeriesStore(100, 16, RetentionPlan.uniform(Duration.ofMinutes(5)), new EngineMetrics());
    private final BatchIngester ingester = new BatchIngester(store, new EngineMetrics(), 3, Duration.ofSeconds(5), () -> T0);

    @Test
    void samplesFindTheirSeriesWhenAReporterReordersOrAddsSeries() throws Exception {
        push(sample("a", "1", 1, T0), sample("b", "2", 2, T0));
        push(sample("c", "3", 30, T0 + 1000), sample("b", "2", 20, T0 + 1000), sample("a", "1", 10, T0 + 1000));
        push(sample("c", "3", 300, T0 + 2000), sample("b", "2", 200, T0 + 2000), sample("a", "1", 100, T0 + 2000));

        assertThat(values("a")).containsExactly(1, 10, 100);
        assertThat(values("b")).containsExactly(2, 20, 200);
        assertThat(values("c")).containsExactly(30, 300);
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void aSeriesTheStoreRemovedIsCreatedAgainOnTheNextPush() throws Exception {
        push(sample("a", "1", 1, T0));
        store.removeExpired(T0 + Duration.ofDays(1).toMillis());
        assertThat(store.size()).isZero();

        push(sample("a", "1", 2, T0 + 1000));

        assertThat(values("a")).containsExactly(2);
    }

    @Test
    void anInvalidNewSeriesRefusesTheWholeBatchEvenAfterKnownOnes() throws Exception {
        push(sample("a", "1", 1, T0));
        String body = """
                {"version":1,"reporter":{"job":"shop","host":"tm-1","instance":"tm-1:9250","processStartMillis":1},"samples":[
                {"name":"a","labels":{"x":"1"},"value":2,"timestamp":%d},
                {"name":"b","labels":{"__reserved":"y"},"value":2,"timestamp":%d}]}""".formatted(T0 + 1000, T0 + 1000);

        assertThatThrownBy(() -> ingester.ingest(codec.decodeForIngest(body.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(BatchFormatException.class)
                .hasMessage("samples[1].labels: '__reserved' is not a valid label name");
        assertThat(values("a")).containsExactly(1);
    }

    @Test
    void samplesWithoutTheCanonicalFieldOrderAreStoredToo() throws Exception {
        String body = """
                {"samples":[{"value":5,"labels":{"x":"1"},"timestamp":%d,"name":"a"}],
                 "reporter":{"job":"shop","host":"tm-1","instance":"tm-1:9250","processStartMillis":1},"version":1}""".formatted(T0);

        ingester.ingest(codec.decodeForIngest(body.getBytes(StandardCharsets.UTF_8)));
        push(sample("a", "1", 6, T0 + 1000));

        assertThat(values("a")).containsExactly(5, 6);
    }

    @Test
    void aSeriesLeftOutAfterUnchangedBinaryBatchesGoesStale() throws Exception {
        BinaryBatchEncoder encoder = new BinaryBatchEncoder();
        for (int i = 0; i < 3; i++) {
            pushBinary(encoder, sample("a", "1", i, T0 + i * 1000L), sample("b", "2", i, T0 + i * 1000L));
        }

        IngestResult result = pushBinary(encoder, sample("a", "1", 3, T0 + 3000));

        assertThat(result.staleSeries()).isEqualTo(1);
        assertThat(values("a")).containsExactly(0, 1, 2, 3);
        double[] b = rawValues("b");
        assertThat(b).hasSize(4);
        assertThat(StaleMarker.is(b[3])).isTrue();
    }

    @Test
    void binaryBatchesFindTheirSeriesWhenTheSymbolTableGrows() throws Exception {
        BinaryBatchEncoder encoder = new BinaryBatchEncoder();
        pushBinary(encoder, sample("a", "1", 1, T0));
        pushBinary(encoder, sample("a", "1", 2, T0 + 1000));
        pushBinary(encoder, sample("a", "1", 3, T0 + 2000), sample("c", "new", 30, T0 + 2000));

        assertThat(values("a")).containsExactly(1, 2, 3);
        assertThat(values("c")).containsExactly(30);
        assertThat(store.size()).isEqualTo(2);
    }

    private IngestResult pushBinary(BinaryBatchEncoder encoder, WireSample... samples) throws Exception {
        return ingester.ingest(new BinaryBatchCodec().decodeForIngest(encoder.encode(REPORTER, List.of(samples))));
    }

    private void push(WireSample... samples) throws Exception {
        ingester.ingest(codec.decodeForIngest(codec.encode(new PushBatch(1, REPORTER, List.of(samples)))));
    }

    private static WireSample sample(String name, String x, double value, long timestamp) {
        return new WireSample(name, Map.of("x", x), value, timestamp);
    }

    private List<Integer> values(String metric) {
        return java.util.Arrays.stream(rawValues(metric)).mapToInt(v -> (int) v).boxed().toList();
    }

    private double[] rawValues(String metric) {
        List<RangeSeries> selected = store.select(List.of(LabelMatcher.of("__name__", LabelMatcher.Type.EQUAL, metric)), 0, Long.MAX_VALUE);
        assertThat(selected).hasSize(1);
        return selected.get(0).values();
    }
}
