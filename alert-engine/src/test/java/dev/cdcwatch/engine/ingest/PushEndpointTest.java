package dev.cdcwatch.engine.ingest;

import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.engine.TestEngine;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.RangeSeries;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static dev.cdcwatch.engine.TestEngine.batch;
import static dev.cdcwatch.engine.TestEngine.sample;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/push} over real HTTP: auth, limits, gzip, validation errors, all-or-nothing. */
class PushEndpointTest {

    private static TestEngine engine;

    @BeforeAll
    static void start() {
        engine = TestEngine.start(Map.of(
                "CDCWATCH_INGEST_MAX_BODY_BYTES", "65536",
                "CDCWATCH_INGEST_MAX_INFLATED_BYTES", "1048576",
                "CDCWATCH_STORE_MAX_SERIES", "50"));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static HttpResponse<Buffer> post(byte[] body, String token, String encoding) {
        var request = engine.client().post("/api/v1/push");
        if (token != null) {
            request.bearerTokenAuthentication(token);
        }
        if (encoding != null) {
            request.putHeader("Content-Encoding", encoding);
        }
        return TestEngine.send(request, Buffer.buffer(body));
    }

    private static List<RangeSeries> stored(String metric) {
        long now = System.currentTimeMillis();
        return engine.engine().store().select(List.of(LabelMatcher.of("__name__", LabelMatcher.Type.EQUAL, metric)), now - 60_000, now + 60_000);
    }

    @Test
    void acceptedBatchIsStoredWithTheReporterInstanceLabel() {
        HttpResponse<Buffer> response = engine.push(batch("tm-1:9250", sample("cdc_debezium_connected", 1, "job", "orders")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);
        assertThat(stored("cdc_debezium_connected")).singleElement().satisfies(series -> {
            assertThat(series.labels().get("instance")).isEqualTo("tm-1:9250");
            assertThat(series.labels().get("job")).isEqualTo("orders");
        });
        assertThat(engine.get("/metrics").bodyAsString()).contains("cdcwatch_engine_samples_ingested_total");
    }

    @Test
    void missingOrWrongTokenIsRefusedWith401() {
        byte[] body = engine.encode(batch("tm-1:9250", sample("up", 1)));

        HttpResponse<Buffer> missing = post(body, null, null);
        HttpResponse<Buffer> wrong = post(body, "not-the-ingest-token-at-all", null);
        HttpResponse<Buffer> adminInsteadOfIngest = post(body, TestEngine.ADMIN_TOKEN, null);

        for (HttpResponse<Buffer> response : List.of(missing, wrong, adminInsteadOfIngest)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.bodyAsJsonObject().getString("error")).contains("ingest token");
            assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413NamingTheKey() {
        byte[] body = new byte[70_000];

        HttpResponse<Buffer> response = post(body, TestEngine.INGEST_TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.bodyAsJsonObject().getString("error")).contains("ingest.max-body-bytes");
    }

    @Test
    void gzipBodyIsInflatedAndAccepted() throws IOException {
        byte[] body = gzip(engine.encode(batch("tm-gzip:9250", sample("cdc_debezium_queue_depth", 7, "job", "gz"))));

        HttpResponse<Buffer> response = post(body, TestEngine.INGEST_TOKEN, "gzip");

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(stored("cdc_debezium_queue_depth")).singleElement().satisfies(series -> assertThat(series.values()).containsExactly(7.0));
    }

    @Test
    void binaryBatchIsAcceptedByItsContentType() throws IOException {
        byte[] body = gzip(new BinaryBatchCodec().encode(batch("tm-binary:9250", sample("cdc_debezium_queue_remaining_capacity", 42, "job", "bin"))));
        var request = engine.client().post("/api/v1/push")
                .bearerTokenAuthentication(TestEngine.INGEST_TOKEN)
                .putHeader("Content-Encoding", "gzip")
                .putHeader("Content-Type", BinaryBatchCodec.CONTENT_TYPE);

        HttpResponse<Buffer> response = TestEngine.send(request, Buffer.buffer(body));

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(stored("cdc_debezium_queue_remaining_capacity")).singleElement().satisfies(series -> {
            assertThat(series.values()).containsExactly(42.0);
            assertThat(series.labels().get("instance")).isEqualTo("tm-binary:9250");
            assertThat(series.labels().get("job")).isEqualTo("bin");
        });
    }

    @Test
    void gzipBombIsRefusedWith413WithoutInflatingIt() throws IOException {
        byte[] bomb = gzip(new byte[50 << 20]);
        assertThat(bomb.length).isLessThan(65536);

        HttpResponse<Buffer> response = post(bomb, TestEngine.INGEST_TOKEN, "gzip");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.bodyAsJsonObject().getString("reason")).isEqualTo("inflated_too_large");
        assertThat(response.bodyAsJsonObject().getString("error")).contains("ingest.max-inflated-bytes");
    }

    @Test
    void malformedSampleIsRefusedWith400NamingFieldAndIndexAndNothingIsStored() {
        String body = """
                {"version":1,"reporter":{"job":"j","host":"h","instance":"bad:1","processStartMillis":1},
                 "samples":[{"name":"bad_batch_metric","labels":{},"value":1,"timestamp":%d},
                            {"name":"bad_batch_metric","labels":{"a":"b"},"value":"high","timestamp":%d}]}"""
                .formatted(System.currentTimeMillis(), System.currentTimeMillis());

        HttpResponse<Buffer> response = post(body.getBytes(StandardCharsets.UTF_8), TestEngine.INGEST_TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = response.bodyAsJsonObject();
        assertThat(error.getString("field")).isEqualTo("value");
        assertThat(error.getInteger("sampleIndex")).isEqualTo(1);
        assertThat(error.getString("error")).isEqualTo("samples[1].value: must be a number");
        assertThat(stored("bad_batch_metric")).isEmpty();
    }

    @Test
    void unsupportedContentEncodingIsRefusedWith415() {
        HttpResponse<Buffer> response = post(new byte[] {1, 2, 3}, TestEngine.INGEST_TOKEN, "br");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.bodyAsJsonObject().getString("error")).contains("br");
    }

    @Test
    void batchThatWouldExceedTheSeriesLimitIsRefusedAsAWhole() {
        List<WireSample> samples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            samples.add(sample("limit_metric", i, "n", Integer.toString(i)));
        }

        HttpResponse<Buffer> response = engine.push(batch("tm-limit:9250", samples.toArray(WireSample[]::new)));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.bodyAsJsonObject().getString("error")).contains("store.max-series");
        assertThat(stored("limit_metric")).isEmpty();
        assertThat(engine.get("/metrics").bodyAsString()).contains("cdcwatch_engine_batches_rejected_total{reason=\"series_limit\",} 1.0");
    }

    @Test
    void emptyBatchIsAccepted() {
        HttpResponse<Buffer> response = engine.push(new PushBatch(1, batch("tm-empty:9250").reporter(), List.of()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getInteger("accepted")).isZero();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
