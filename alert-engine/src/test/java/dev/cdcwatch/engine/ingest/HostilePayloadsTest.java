package dev.cdcwatch.engine.ingest;

import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.engine.TestEngine;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 malformed or hostile pushes (bad JSON, bad binary batches, wrong types, NaN/Inf, huge numbers, huge label sets,
 * oversized bodies, gzip bombs, wrong tokens, ...). Each must get a 4xx with a JSON reason, and the
 * engine must keep answering {@code /healthz} and accept a good batch afterwards.
 */
class HostilePayloadsTest {

    private static final int PAYLOADS = 1000;
    private static final long MAX_BODY = 256 * 1024;

    private record Hostile(String kind, byte[] body, String token, String encoding, String contentType) {
        Hostile(String kind, byte[] body, String token, String encoding) {
            this(kind, body, token, encoding, null);
        }
    }

    private static TestEngine engine;

    @BeforeAll
    static void start() {
        engine = TestEngine.start(Map.of(
                "CDCWATCH_INGEST_MAX_BODY_BYTES", Long.toString(MAX_BODY),
                "CDCWATCH_INGEST_MAX_INFLATED_BYTES", Long.toString(4 * MAX_BODY),
                "CDCWATCH_INGEST_MAX_SAMPLES_PER_BATCH", "1000"));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void everyHostilePayloadGetsA4xxWithAReasonWhileHealthzKeepsAnswering() {
        Random random = new Random(42);
        List<Function<Random, Hostile>> kinds = kinds();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < PAYLOADS; i++) {
            Hostile hostile = kinds.get(i % kinds.size()).apply(random);
            HttpResponse<Buffer> response = send(hostile);
            String reason = reasonOf(response);
            if (response.statusCode() < 400 || response.statusCode() >= 500 || reason == null || reason.isBlank()) {
                failures.add(hostile.kind() + " -> " + response.statusCode() + " " + abbreviate(response.bodyAsString()));
            }
            if (i % 50 == 0) {
                assertThat(engine.get("/healthz").statusCode()).isEqualTo(200);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(engine.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(engine.push(TestEngine.batch("tm-good:9250", TestEngine.sample("cdc_debezium_connected", 1))).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<Buffer> send(Hostile hostile) {
        HttpRequest<Buffer> request = engine.client().post("/api/v1/push");
        if (hostile.token() != null) {
            request.bearerTokenAuthentication(hostile.token());
        }
        if (hostile.encoding() != null) {
            request.putHeader("Content-Encoding", hostile.encoding());
        }
        if (hostile.contentType() != null) {
            request.putHeader("Content-Type", hostile.contentType());
        }
        return TestEngine.send(request, Buffer.buffer(hostile.body()));
    }

    private static String reasonOf(HttpResponse<Buffer> response) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            return body == null ? null : body.getString("error");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "(no body)" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static Hostile ok(String kind, String json) {
        return new Hostile(kind, json.getBytes(StandardCharsets.UTF_8), TestEngine.INGEST_TOKEN, null);
    }

    private static Hostile binary(String kind, byte[] body) {
        return new Hostile(kind, body, TestEngine.INGEST_TOKEN, null, BinaryBatchCodec.CONTENT_TYPE);
    }

    private static byte[] validBinary() {
        long now = System.currentTimeMillis();
        return new BinaryBatchCodec().encode(new PushBatch(BinaryBatchCodec.VERSION, new ReporterIdentity("j", "h", "hostile:1", 1), List.of(
                new WireSample("m", Map.of("a", "b"), 1, now), new WireSample("n", Map.of(), 2, now))));
    }

    private static String batch(String samples) {
        return "{\"version\":1,\"reporter\":{\"job\":\"j\",\"host\":\"h\",\"instance\":\"hostile:1\",\"processStartMillis\":1},"
                + "\"samples\":[" + samples + "]}";
    }

    private static String sample(String name, String labels, String value, String timestamp) {
        return "{\"name\":" + name + ",\"labels\":" + labels + ",\"value\":" + value + ",\"timestamp\":" + timestamp + "}";
    }

    private static String goodSample() {
        return sample("\"m\"", "{}", "1", Long.toString(System.currentTimeMillis()));
    }

    private static List<Function<Random, Hostile>> kinds() {
        String now = Long.toString(System.currentTimeMillis());
        return List.of(
                random -> {
                    String valid = batch(goodSample() + "," + goodSample());
                    return ok("truncated JSON", valid.substring(0, 1 + random.nextInt(valid.length() - 2)));
                },
                random -> ok("random bytes", randomText(random, 1 + random.nextInt(500))),
                random -> ok("value as string", batch(sample("\"m\"", "{}", "\"1\"", now))),
                random -> ok("timestamp as float", batch(sample("\"m\"", "{}", "1", "1.5"))),
                random -> ok("negative timestamp", batch(sample("\"m\"", "{}", "1", "-" + now))),
                random -> ok("labels as array", batch(sample("\"m\"", "[\"a\"]", "1", now))),
                random -> ok("label value as number", batch(sample("\"m\"", "{\"a\":1}", "1", now))),
                random -> ok("samples as object", "{\"version\":1,\"reporter\":{\"host\":\"h\",\"instance\":\"i\"},\"samples\":{}}"),
                random -> ok("version as string", "{\"version\":\"1\",\"reporter\":{\"host\":\"h\",\"instance\":\"i\"},\"samples\":[]}"),
                random -> ok("unknown version", "{\"version\":99,\"reporter\":{\"host\":\"h\",\"instance\":\"i\"},\"samples\":[]}"),
                random -> ok("missing reporter", "{\"version\":1,\"samples\":[]}"),
                random -> ok("NaN literal", batch(sample("\"m\"", "{}", "NaN", now))),
                random -> ok("Infinity literal", batch(sample("\"m\"", "{}", random.nextBoolean() ? "Infinity" : "-Infinity", now))),
                random -> ok("number overflowing to infinity", batch(sample("\"m\"", "{}", "1e" + (400 + random.nextInt(5000)), now))),
                random -> ok("huge timestamp", batch(sample("\"m\"", "{}", "1", "9" + "9".repeat(20 + random.nextInt(50))))),
                random -> ok("too many labels", batch(sample("\"m\"", manyLabels(33 + random.nextInt(100)), "1", now))),
                random -> ok("huge label value", batch(sample("\"m\"", "{\"a\":\"" + "x".repeat(2000 + random.nextInt(10_000)) + "\"}", "1", now))),
                random -> ok("reserved label name", batch(sample("\"m\"", "{\"__name__\":\"x\"}", "1", now))),
                random -> ok("invalid metric name", batch(sample("\"" + (random.nextInt(9)) + "bad-name\"", "{}", "1", now))),
                random -> ok("too many samples", batch(String.join(",", java.util.Collections.nCopies(1001, goodSample())))),
                random -> ok("deep nesting", "[".repeat(100 + random.nextInt(1000))),
                random -> ok("unknown field", batch(goodSample()).replace("\"version\":1", "\"version\":1,\"extra\":true")),
                random -> ok("trailing content", batch(goodSample()) + "{}"),
                random -> ok("empty body", ""),
                random -> new Hostile("oversized body", new byte[(int) MAX_BODY + 1 + random.nextInt(100_000)], TestEngine.INGEST_TOKEN, null),
                random -> new Hostile("gzip bomb", gzipZeros(8 * (int) MAX_BODY), TestEngine.INGEST_TOKEN, "gzip"),
                random -> new Hostile("not gzip", batch(goodSample()).getBytes(StandardCharsets.UTF_8), TestEngine.INGEST_TOKEN, "gzip"),
                random -> new Hostile("wrong token", batch(goodSample()).getBytes(StandardCharsets.UTF_8), randomText(random, 40), null),
                random -> new Hostile("no token", batch(goodSample()).getBytes(StandardCharsets.UTF_8), null, null),
                random -> {
                    byte[] valid = validBinary();
                    return binary("truncated binary", java.util.Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)));
                },
                random -> {
                    byte[] body = java.util.Arrays.copyOf(validBinary(), 5 + 1 + random.nextInt(300));
                    for (int i = 5; i < body.length; i++) {
                        body[i] = (byte) random.nextInt(256);
                    }
                    return binary("binary header then random bytes", body);
                },
                random -> binary("JSON sent as binary", batch(goodSample()).getBytes(StandardCharsets.UTF_8)),
                random -> new Hostile("binary sent as JSON", validBinary(), TestEngine.INGEST_TOKEN, null, "application/json"),
                random -> new Hostile("unknown encoding", batch(goodSample()).getBytes(StandardCharsets.UTF_8), TestEngine.INGEST_TOKEN, "zstd"));
    }

    private static String manyLabels(int count) {
        StringBuilder labels = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            labels.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":\"v\"");
        }
        return labels.append('}').toString();
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (33 + random.nextInt(94)));
        }
        return text.toString();
    }

    private static byte[] gzipZeros(int size) {
        try {
            return PushEndpointTest.gzip(new byte[size]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
