package dev.cdcwatch.catalog.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinaryBatchCodecTest {

    private static final ReporterIdentity REPORTER = new ReporterIdentity("orders-cdc", "tm-1", "tm-1:9250", 1_700_000_000_000L);

    private final BinaryBatchCodec codec = new BinaryBatchCodec();

    @Test
    void encodedBatchDecodesToTheSameBatch() throws Exception {
        PushBatch batch = new PushBatch(BinaryBatchCodec.VERSION, REPORTER, List.of(
                new WireSample("cdc_debezium_connected", Map.of("job", "orders-cdc", "subtask", "0"), 1.0, 1_700_000_001_000L),
                new WireSample("cdc_source_emit_event_time_lag_milliseconds", Map.of("table", "zamówienia \"q\""), -1234.5, 1_700_000_000_500L),
                new WireSample("up", Map.of(), 0, 1_700_000_002_000L)));

        assertThat(codec.decode(codec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void nonFiniteValuesAreLeftOutWhenEncoding() throws Exception {
        PushBatch batch = new PushBatch(BinaryBatchCodec.VERSION, REPORTER, List.of(
                new WireSample("a", Map.of(), Double.NaN, 1L),
                new WireSample("b", Map.of(), Double.POSITIVE_INFINITY, 1L),
                new WireSample("c", Map.of(), 3, 1L)));

        assertThat(codec.decode(codec.encode(batch)).samples()).extracting(WireSample::name).containsExactly("c");
    }

    @Test
    void aSeriesKeepsItsKeyHashInEveryBatchOfOneEncoder() throws Exception {
        BinaryBatchEncoder encoder = new BinaryBatchEncoder();
        WireSample connected = new WireSample("cdc_debezium_connected", Map.of("job", "orders-cdc"), 1, 1_700_000_001_000L);
        WireSample lag = new WireSample("cdc_lag", Map.of("job", "orders-cdc"), 5, 1_700_000_001_000L);
        DecodedBatch one = codec.decodeForIngest(encoder.encode(REPORTER, List.of(connected, lag)));
        DecodedBatch two = codec.decodeForIngest(encoder.encode(REPORTER, List.of(
                new WireSample("cdc_debezium_connected", Map.of("job", "orders-cdc"), 0, 1_700_000_002_000L),
                new WireSample("cdc_lag", Map.of("job", "orders-cdc"), 7, 1_700_000_002_000L))));

        assertThat(two.keyHash(0)).isEqualTo(one.keyHash(0));
        assertThat(two.keyHash(1)).isEqualTo(one.keyHash(1)).isNotEqualTo(two.keyHash(0));
        assertThat(two.value(0)).isZero();
        assertThat(two.labels(1)).isEqualTo(Map.of("job", "orders-cdc"));
    }

    @Test
    void sameKeyBytesOverAnotherSymbolTableHashDifferently() throws Exception {
        // Symbol 0 is the name and 1, 2 the label in both batches, but the tables spell them differently.
        DecodedBatch one = codec.decodeForIngest(new BinaryBatchEncoder().encode(REPORTER,
                List.of(new WireSample("a", Map.of("job", "x"), 1, 1L))));
        DecodedBatch two = codec.decodeForIngest(new BinaryBatchEncoder().encode(REPORTER,
                List.of(new WireSample("a", Map.of("job", "y"), 1, 1L))));

        assertThat(two.keyHash(0)).isNotEqualTo(one.keyHash(0));
    }

    @Test
    void tableIsRebuiltWhenMostOfItWentUnused() throws Exception {
        BinaryBatchEncoder encoder = new BinaryBatchEncoder();
        List<WireSample> many = java.util.stream.IntStream.range(0, 2000)
                .mapToObj(i -> new WireSample("m", Map.of("subtask", Integer.toString(i)), i, 1L)).toList();
        encoder.encode(REPORTER, many);
        encoder.encode(REPORTER, many.subList(0, 10));
        byte[] rebuilt = encoder.encode(REPORTER, many.subList(0, 10));

        assertThat(rebuilt.length).isLessThan(400);
        assertThat(codec.decode(rebuilt).samples()).hasSize(10);
    }

    @Test
    void bodyWithoutTheMagicIsRejected() {
        assertThatThrownBy(() -> codec.decode("{\"version\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BatchFormatException.class)
                .hasMessage("body: is not a cdc-watch binary batch (it does not start with 'CDCW')");
    }

    @Test
    void unknownVersionIsRejected() {
        byte[] body = valid();
        body[4] = 3;

        assertThatThrownBy(() -> codec.decode(body)).hasMessage("version: is 3; this engine reads binary version 2");
    }

    @Test
    void everyTruncationIsRejectedNamingWhereTheBodyEnds() {
        byte[] body = valid();
        for (int length = 5; length < body.length; length++) {
            byte[] truncated = Arrays.copyOf(body, length);
            assertThatThrownBy(() -> codec.decode(truncated)).as("truncated to %d bytes", length)
                    .isInstanceOf(BatchFormatException.class)
                    .hasMessageMatching("(reporter\\.\\w+|symbols|samples|samples\\[\\d]\\.(key|value|timestamp)|samples\\[\\d]\\.labels.*): .+");
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] body = Arrays.copyOf(valid(), valid().length + 2);

        assertThatThrownBy(() -> codec.decode(body)).hasMessage("body: has 2 bytes after the last sample");
    }

    @Test
    void nonFiniteValueIsRejectedWithItsSampleIndex() {
        byte[] body = handWritten(out -> {
            sample(out, new byte[] {0, 0}, 1.0, 1);
            sample(out, new byte[] {0, 0}, Double.NaN, 0);
        }, "a");

        assertThatThrownBy(() -> codec.decode(body)).hasMessage("samples[1].value: must be finite");
    }

    @Test
    void timestampThatIsNotPositiveIsRejected() {
        byte[] body = handWritten(out -> sample(out, new byte[] {0, 0}, 1.0, 0), "a");

        assertThatThrownBy(() -> codec.decode(body)).hasMessage("samples[0].timestamp: must be positive");
    }

    @Test
    void keyReferringPastTheSymbolTableIsRejectedWhenDecoded() throws Exception {
        DecodedBatch batch = codec.decodeForIngest(handWritten(out -> sample(out, new byte[] {0, 1, 5, 0}, 1.0, 2), "a"));

        assertThatThrownBy(() -> batch.labels(0)).hasMessage("samples[0].labels: refers to symbol 5 but the table has 1");
    }

    @Test
    void invalidNamesAndLabelsAreRejectedWhenDecoded() throws Exception {
        assertThatThrownBy(() -> codec.decode(handWritten(out -> sample(out, new byte[] {0, 0}, 1.0, 2), "1bad")))
                .hasMessage("samples[0].name: '1bad' is not a valid metric name");
        assertThatThrownBy(() -> codec.decode(handWritten(out -> sample(out, new byte[] {0, 1, 1, 0}, 1.0, 2), "a", "__x")))
                .hasMessage("samples[0].labels: '__x' is not a valid label name");
        assertThatThrownBy(() -> codec.decode(handWritten(out -> sample(out, new byte[] {0, 2, 1, 0, 1, 0}, 1.0, 2), "a", "x")))
                .hasMessage("samples[0].labels.x: is given twice");
        assertThatThrownBy(() -> codec.decode(handWritten(out -> sample(out, new byte[] {0, 0, 7}, 1.0, 2), "a")))
                .hasMessage("samples[0].key: has 1 bytes after its labels");
    }

    @Test
    void symbolThatIsNotUtf8IsRejected() {
        byte[] body = handWritten(out -> sample(out, new byte[] {0, 0}, 1.0, 2), "a\uFFFF");
        int at = indexOf(body, (byte) 'a') + 1;
        body[at] = (byte) 0xC3;
        body[at + 1] = (byte) 0x28;

        assertThatThrownBy(() -> codec.decode(body)).hasMessage("samples[0].symbols[0]: is not valid UTF-8");
    }

    @Test
    void batchOverTheSampleLimitIsRejected() {
        BinaryBatchCodec small = new BinaryBatchCodec(new BatchLimits(2, 4, 50, 50));
        byte[] body = codec.encode(new PushBatch(2, REPORTER, List.of(
                new WireSample("a", Map.of(), 1, 1L), new WireSample("a", Map.of(), 1, 2L), new WireSample("a", Map.of(), 1, 3L))));

        assertThatThrownBy(() -> small.decode(body)).hasMessage("samples: has more than 2 samples");
    }

    @Test
    void sampleCountTheBodyCannotHoldIsRejectedBeforeAllocating() {
        byte[] body = handWritten(out -> { }, "a");
        body[body.length - 1] = (byte) 0xFF;
        byte[] huge = Arrays.copyOf(body, body.length + 4);
        huge[body.length] = (byte) 0xFF;
        huge[body.length + 1] = (byte) 0xFF;
        huge[body.length + 2] = (byte) 0xFF;
        huge[body.length + 3] = 0x07;

        assertThatThrownBy(() -> codec.decode(huge)).hasMessageStartingWith("samples: has more than 200000 samples");
    }

    private static byte[] valid() {
        return new BinaryBatchCodec().encode(new PushBatch(2, REPORTER, List.of(
                new WireSample("cdc_debezium_connected", Map.of("job", "orders-cdc"), 1, 1_700_000_001_000L),
                new WireSample("cdc_lag", Map.of("job", "orders-cdc", "table", "t"), 2.5, 1_700_000_001_000L))));
    }

    /** A body with the given symbols, whose samples the writer adds after their count (counted by the writer's calls). */
    private static byte[] handWritten(Consumer<SampleWriter> samples, String... symbols) {
        ByteWriter out = new ByteWriter(64);
        out.write(BinaryBatchCodec.MAGIC);
        out.write(new byte[] {BinaryBatchCodec.VERSION});
        out.string("j".getBytes(StandardCharsets.UTF_8));
        out.string("h".getBytes(StandardCharsets.UTF_8));
        out.string("i".getBytes(StandardCharsets.UTF_8));
        out.varlong(1);
        out.varlong(symbols.length);
        for (String symbol : symbols) {
            out.string(symbol.getBytes(StandardCharsets.UTF_8));
        }
        SampleWriter writer = new SampleWriter();
        samples.accept(writer);
        out.varlong(writer.count);
        out.write(writer.bytes.array(), 0, writer.bytes.size());
        return Arrays.copyOf(out.array(), out.size());
    }

    private static void sample(SampleWriter writer, byte[] key, double value, long timestampDelta) {
        writer.count++;
        writer.bytes.varlong(key.length);
        writer.bytes.write(key);
        writer.bytes.float64(value);
        writer.bytes.signedVarlong(timestampDelta);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static final class SampleWriter {
        private final ByteWriter bytes = new ByteWriter(64);
        private int count;
    }
}
