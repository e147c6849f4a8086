package dev.cdcwatch.engine.api;

import dev.cdcwatch.engine.config.EngineConfig;
import dev.cdcwatch.engine.evaluation.RuleManager;
import dev.cdcwatch.engine.ingest.BatchIngester;
import dev.cdcwatch.engine.notify.DeliveryStatus;
import dev.cdcwatch.engine.store.SeriesStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/status}: uptime, effective settings, store size, reporters, rule counts and, per notification
 * integration, its last delivery outcome and last permanent error.
 */
final class StatusApi {

    private final EngineConfig config;
    private final SeriesStore store;
    private final BatchIngester ingester;
    private final RuleManager rules;
    private final Instant startedAt;
    private final Supplier<List<DeliveryStatus.IntegrationStatus>> integrations;

    StatusApi(EngineConfig config, SeriesStore store, BatchIngester ingester, RuleManager rules, Instant startedAt,
              Supplier<List<DeliveryStatus.IntegrationStatus>> integrations) {
        this.config = config;
        this.store = store;
        this.ingester = ingester;
        this.rules = rules;
        this.startedAt = startedAt;
        this.integrations = integrations;
    }

    void mount(Router router) {
        router.get("/api/v1/status").handler(this::status);
    }

    private void status(RoutingContext context) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("startedAt", startedAt);
        status.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds());
        status.put("settings", Map.of(
                "evaluationIntervalSeconds", config.evaluation().interval().toMillis() / 1000.0,
                "lookbackDeltaSeconds", config.evaluation().lookbackDelta().toSeconds(),
                "ruleFiles", config.rules().files(),
                "authEnabled", config.auth().enabled(),
                "storage", config.storage().jdbcUrl().replaceAll("(?i)(password=)[^;&]*", "$1***")));
        status.put("store", Map.of("series", store.size(), "maxSeries", store.maxSeries(), "retentionSeconds", store.retention().toSeconds()));
        status.put("reporters", ingester.reporters());
        status.put("rules", Map.of("groups", rules.status().size(),
                "rules", rules.status().stream().mapToInt(group -> group.rules().size()).sum()));
        status.put("integrations", integrations.get());
        Responses.json(context, 200, status);
    }
}
