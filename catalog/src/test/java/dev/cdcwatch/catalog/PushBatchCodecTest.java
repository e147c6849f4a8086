package dev.cdcwatch.catalog;

import dev.cdcwatch.catalog.wire.BatchFormatException;
import dev.cdcwatch.catalog.wire.BatchLimits;
import dev.cdcwatch.catalog.wire.DecodedBatch;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushBatchCodecTest {

    private final PushBatchCodec codec = new PushBatchCodec();
    private static final ReporterIdentity REPORTER = new ReporterIdentity("orders-cdc", "tm-1", "tm-1:9250", 1_700_000_000_000L);

    @Test
    void encodedBatchDecodesToTheSameBatch() throws Exception {
        PushBatch batch = new PushBatch(1, REPORTER, List.of(
                new WireSample("cdc_debezium_connected", Map.of("job", "orders-cdc", "subtask", "0"), 1.0, 1_700_000_001_000L),
                new WireSample("cdc_source_emit_event_time_lag_milliseconds", Map.of("table", "quote\"d\\"), 1234.5, 1_700_000_001_000L)));

        assertThat(codec.decode(codec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void nonFiniteValuesAreLeftOutWhenEncoding() throws Exception {
        PushBatch batch = new PushBatch(1, REPORTER, List.of(
                new WireSample("a", Map.of(), Double.NaN, 1L),
                new WireSample("b", Map.of(), Double.POSITIVE_INFINITY, 1L),
                new WireSample("c", Map.of(), 3, 1L)));

        assertThat(codec.decode(codec.encode(batch)).samples()).extracting(WireSample::name).containsExactly("c");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            [1,2]                                                                                 | body: must be a JSON object
            {"version":1,"reporter":                                                              | body: is not valid JSON
            {"version":2,"reporter":{"host":"h","instance":"i"},"samples":[]}                      | version: is 2; this engine reads version 1
            {"version":1,"samples":[]}                                                            | reporter: is required
            {"version":1,"reporter":{"host":"h"},"samples":[]}                                     | reporter.instance: is required
            {"version":1,"reporter":{"host":"h","instance":"i"}}                                   | samples: is required
            {"version":1,"reporter":{"host":"h","instance":"i"},"samples":[{"name":"a","value":1}]} | samples[0].timestamp: is required
            {"version":1,"reporter":{"host":"h","instance":"i"},"samples":[{"name":"a","value":"x","timestamp":1}]} | samples[0].value: must be a number
            {"version":1,"reporter":{"host":"h","instance":"i"},"samples":[{"name":"a","value":1,"timestamp":1},{"name":"1bad","value":1,"timestamp":1}]} | samples[1].name: '1bad' is not a valid metric name
            {"version":1,"reporter":{"host":"h","instance":"i"},"samples":[{"name":"a","labels":{"__x":"y"},"value":1,"timestamp":1}]} | samples[0].labels: '__x' is not a valid label name
            {"version":1,"reporter":{"host":"h","instance":"i"},"samples":[{"name":"a","labels":{"x":1},"value":1,"timestamp":1}]} | samples[0].labels.x: must be a string
            {"version":1,"reporter":{"host":"h","instance":"i"},"samples":[{"name":"a","value":1e400,"timestamp":1}]} | samples[0].value: must be finite
            {"version":1,"reporter":{"host":"h","instance":"i"},"samples":[],"extra":1}            | extra: is not a known field
            """)
    void malformedBatchIsRejectedNamingTheField(String body, String expected) {
        assertThatThrownBy(() -> codec.decode(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BatchFormatException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void batchOverTheSampleLimitIsRejected() {
        PushBatchCodec small = new PushBatchCodec(new BatchLimits(2, 4, 50, 50));
        byte[] body = codec.encode(new PushBatch(1, REPORTER, List.of(
                new WireSample("a", Map.of(), 1, 1L), new WireSample("a", Map.of(), 1, 2L), new WireSample("a", Map.of(), 1, 3L))));

        assertThatThrownBy(() -> small.decode(body)).hasMessage("samples: has more than 2 samples");
    }

    @Test
    void aSampleWrittenNameAndLabelsFirstKeepsTheSameRawKeyInEveryBatch() throws Exception {
        WireSample first = new WireSample("cdc_debezium_connected", Map.of("job", "orders-cdc"), 1, 1_700_000_001_000L);
        WireSample later = new WireSample("cdc_debezium_connected", Map.of("job", "orders-cdc"), 0, 1_700_000_002_000L);
        DecodedBatch one = codec.decodeForIngest(codec.encode(new PushBatch(1, REPORTER, List.of(first))));
        DecodedBatch two = codec.decodeForIngest(codec.encode(new PushBatch(1, REPORTER, List.of(later))));

        assertThat(one.hasKey(0)).isTrue();
        assertThat(two.keyHash(0)).isEqualTo(one.keyHash(0));
        assertThat(two.value(0)).isZero();
        assertThat(two.name(0)).isEqualTo("cdc_debezium_connected");
        assertThat(two.labels(0)).isEqualTo(Map.of("job", "orders-cdc"));
        WireSample other = new WireSample("cdc_debezium_connected", Map.of("job", "orders-cdd"), 1, 1_700_000_001_000L);
        assertThat(codec.decodeForIngest(codec.encode(new PushBatch(1, REPORTER, List.of(other)))).keyHash(0)).isNotEqualTo(one.keyHash(0));
    }

    @Test
    void aSampleInAnotherFieldOrderHasNoRawKeyAndIsCheckedAtOnce() {
        String body = """
                {"version":1,"reporter":{"host":"h","instance":"i"},"samples":[{"labels":{"__x":"y"},"name":"a","value":1,"timestamp":1}]}""";

        assertThatThrownBy(() -> codec.decodeForIngest(body.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("samples[0].labels: '__x' is not a valid label name");
    }

    @Test
    void labelsOfARawKeyAreCheckedWhenFirstDecoded() throws Exception {
        String body = """
                {"version":1,"reporter":{"host":"h","instance":"i"},"samples":[{"name":"a","labels":{"x":"1","x":"2"},"value":1,"timestamp":1}]}""";
        DecodedBatch batch = codec.decodeForIngest(body.getBytes(StandardCharsets.UTF_8));

        assertThat(batch.hasKey(0)).isTrue();
        assertThatThrownBy(() -> batch.labels(0)).hasMessage("samples[0].labels.x: is given twice");
    }
}
