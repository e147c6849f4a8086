package dev.cdcwatch.demo;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Changes the default rules' thresholds at run time the way the rules document it: by publishing
 * {@code cdcwatch_rule_threshold{threshold="<key>"}} to the engine's push endpoint, every second while
 * a threshold is set. A threshold no longer pushed goes stale in the engine, and the rule falls back to
 * its default.
 */
final class RuleThresholds implements AutoCloseable {

    static final String METRIC = "cdcwatch_rule_threshold";

    private final Map<String, Double> thresholds = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final PushBatchCodec codec = new PushBatchCodec();
    private final URI pushUrl;
    private final String ingestToken;
    private final long startedAt = System.currentTimeMillis();
    private final ScheduledExecutorService pusher;

    RuleThresholds(int enginePort, String ingestToken) {
        this.pushUrl = URI.create("http://127.0.0.1:" + enginePort + "/api/v1/push");
        this.ingestToken = ingestToken;
        this.pusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-rule-thresholds");
            thread.setDaemon(true);
            return thread;
        });
        pusher.scheduleWithFixedDelay(this::push, 1, 1, TimeUnit.SECONDS);
    }

    /** Sets a threshold key of the default rules (e.g. {@code emit_lag_seconds}) and pushes it at once. */
    void set(String key, double value) {
        thresholds.put(key, value);
        push();
    }

    /** Stops publishing every threshold; the rules go back to their defaults once the series are stale. */
    void clear() {
        thresholds.clear();
    }

    private synchronized void push() {
        if (thresholds.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        List<WireSample> samples = thresholds.entrySet().stream()
                .map(entry -> new WireSample(METRIC, Map.of("threshold", entry.getKey()), entry.getValue(), now)).toList();
        byte[] body = codec.encode(new PushBatch(PushBatch.CURRENT_VERSION,
                new ReporterIdentity("demo-thresholds", "127.0.0.1", "demo-thresholds", startedAt), samples));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(pushUrl).timeout(Duration.ofSeconds(2))
                    .header("Content-Type", PushBatchCodec.CONTENT_TYPE).header("Authorization", "Bearer " + ingestToken)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                System.err.println("demo: the engine refused the rule thresholds: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            System.err.println("demo: cannot push the rule thresholds: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pusher.shutdownNow();
    }
}
