package dev.cdcwatch.engine.dashboards;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.alerts.AlertRegistry;
import dev.cdcwatch.engine.alerts.AlertState;
import dev.cdcwatch.engine.api.QueryParams;
import dev.cdcwatch.engine.api.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/grafana/alerts?from=<ms>&to=<ms>}: the alerts the engine holds as a flat array of
 * episodes (alertname, state, severity, startsAt, endsAt, summary, labels) that overlap the range,
 * the shape Grafana's Infinity data source turns into a table or annotations.
 */
public final class AlertEpisodesApi {

    private final AlertRegistry alerts;

    public AlertEpisodesApi(AlertRegistry alerts) {
        this.alerts = alerts;
    }

    public void mount(Router router) {
        router.get("/api/v1/grafana/alerts").handler(this::episodes);
    }

    private void episodes(RoutingContext context) {
        long from = QueryParams.number(context, "from", 0, 0, Long.MAX_VALUE);
        long to = QueryParams.number(context, "to", Long.MAX_VALUE, 0, Long.MAX_VALUE);
        List<Map<String, Object>> episodes = new ArrayList<>();
        for (Alert alert : alerts.all()) {
            if (alert.state() == AlertState.PENDING || alert.state() == AlertState.INACTIVE) {
                continue;
            }
            Instant start = alert.firedAt() != null ? alert.firedAt() : alert.activeAt();
            Instant end = alert.resolvedAt();
            if (start.toEpochMilli() > to || end != null && end.toEpochMilli() < from) {
                continue;
            }
            Map<String, Object> episode = new LinkedHashMap<>();
            episode.put("alertname", alert.alertName());
            episode.put("state", alert.state() == AlertState.FIRING ? "firing" : "resolved");
            episode.put("severity", alert.labels().getOrEmpty("severity"));
            episode.put("startsAt", start);
            episode.put("endsAt", end);
            episode.put("summary", alert.annotations().getOrDefault("summary", ""));
            episode.put("labels", alert.labels().withoutMetricName().asMap());
            episodes.add(episode);
        }
        Responses.json(context, 200, episodes);
    }
}
