package dev.cdcwatch.engine.ingest;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.engine.TestEngine;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.RangeSeries;
import dev.cdcwatch.engine.series.StaleMarker;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Prometheus-like staleness per reporter, driven over HTTP. The tests' engine has {@code ingest.min-stale-after: 1s}. */
class StalenessTest {

    private static TestEngine engine;

    @BeforeAll
    static void start() {
        engine = TestEngine.start();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static void push(String instance, long processStart, WireSample... samples) {
        PushBatch batch = new PushBatch(1, new ReporterIdentity("job", "host", instance, processStart), List.of(samples));
        assertThat(engine.push(batch).statusCode()).isEqualTo(200);
    }

    private static WireSample sample(String name, double value, String job) {
        return new WireSample(name, Map.of("job", job), value, System.currentTimeMillis());
    }

    private static double[] values(String metric, String job) {
        long now = System.currentTimeMillis();
        List<RangeSeries> series = engine.engine().store().select(List.of(
                LabelMatcher.of("__name__", LabelMatcher.Type.EQUAL, metric), LabelMatcher.of("job", LabelMatcher.Type.EQUAL, job)),
                now - 60_000, now + 60_000);
        return series.isEmpty() ? new double[0] : series.get(0).values();
    }

    private static boolean endsStale(double[] values) {
        return values.length > 0 && StaleMarker.is(values[values.length - 1]);
    }

    @Test
    void seriesMissingFromTheReportersLatestBatchGetsAStaleMarker() {
        // A push interval apart: within one millisecond the marker would take the second sample's timestamp.
        long now = System.currentTimeMillis();
        push("dropping:1", 1, new WireSample("stale_a", Map.of("job", "drop"), 1, now - 1000),
                new WireSample("stale_b", Map.of("job", "drop"), 1, now - 1000));
        push("dropping:1", 1, new WireSample("stale_a", Map.of("job", "drop"), 2, now));

        assertThat(endsStale(values("stale_b", "drop"))).isTrue();
        // The silent-reporter sweep may have ended stale_a too by the time it is read.
        assertThat(values("stale_a", "drop")).startsWith(1.0, 2.0);
    }

    @Test
    void silentReporterSeriesGoStaleAndTheirAlertResolves() {
        String job = "silent";
        for (int i = 0; i < 3; i++) {
            push("silent:1", 1, sample("cdc_debezium_connected", 0, job));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> endsStale(values("cdc_debezium_connected", job)));
        await().atMost(Duration.ofSeconds(3)).until(() -> engine.alerts("?filter=job=\"" + job + "\"").isEmpty());
        // The alert fired while the reporter was heard, and resolved when its series went stale.
        assertThat(engine.alerts("?state=resolved&filter=job=\"" + job + "\"")).singleElement()
                .satisfies(alert -> assertThat(alert.getString("firedAt")).isNotNull());
        JsonObject reporter = engine.getJson("/api/v1/status").getJsonArray("reporters").stream().map(JsonObject.class::cast)
                .filter(candidate -> candidate.getString("instance").equals("silent:1")).findFirst().orElseThrow();
        assertThat(reporter.getBoolean("silent")).isTrue();
    }

    @Test
    void newProcessStartEndsTheOldProcessSeriesBeforeTheNewSamples() {
        // A push interval apart, as a restarted reporter's first push comes: the marker needs room between the two samples.
        long now = System.currentTimeMillis();
        push("restarting:1", 1000, new WireSample("restart_counter_total", Map.of("job", "restart"), 100, now - 1000));
        push("restarting:1", 2000, new WireSample("restart_counter_total", Map.of("job", "restart"), 5, now));

        double[] values = values("restart_counter_total", "restart");
        // A fourth value, a trailing marker, appears if the silent-reporter sweep runs before the read.
        assertThat(values).hasSizeBetween(3, 4);
        assertThat(values[0]).isEqualTo(100.0);
        assertThat(StaleMarker.is(values[1])).as(Arrays.toString(values)).isTrue();
        assertThat(values[2]).isEqualTo(5.0);
        assertThat(engine.get("/metrics").bodyAsString()).contains("cdcwatch_engine_reporter_restarts_total 1.0");
    }
}
