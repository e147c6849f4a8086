package dev.cdcwatch.engine.api;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.alerts.AlertRegistry;
import dev.cdcwatch.engine.alerts.AlertState;
import dev.cdcwatch.engine.persistence.AlertRepository;
import dev.cdcwatch.engine.series.LabelMatcher;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/alerts}: pending and firing alerts (add {@code state=resolved} for recently
 * resolved ones), filtered by {@code filter=name="value"} matchers (=, !=, =~, !~), each with its
 * {@code silenced} flag; {@code silenced=false} leaves silenced alerts out.
 * {@code GET /api/v1/alerts/history}: stored transitions, newest first ({@code fingerprint}, {@code limit}, {@code before}).
 */
final class AlertsApi {

    private static final int MAX_HISTORY = 1000;

    private final AlertRegistry registry;
    private final AlertRepository repository;

    AlertsApi(AlertRegistry registry, AlertRepository repository) {
        this.registry = registry;
        this.repository = repository;
    }

    void mount(Router router) {
        router.get("/api/v1/alerts").handler(this::alerts);
        router.get("/api/v1/alerts/history").blockingHandler(this::history, false);
    }

    private void alerts(RoutingContext context) {
        List<LabelMatcher> filters = LabelFilters.parse(context.queryParam("filter"));
        Set<AlertState> states = states(context.queryParam("state"));
        boolean includeSilenced = !"false".equalsIgnoreCase(context.queryParams().get("silenced"));
        Instant now = Instant.now();
        List<AlertView> views = new ArrayList<>();
        for (Alert alert : registry.all()) {
            if (!states.contains(alert.state()) || !filters.stream().allMatch(filter -> filter.matches(alert.labels()))) {
                continue;
            }
            List<String> silencedBy = registry.mutedBy(alert, now);
            if (includeSilenced || silencedBy.isEmpty()) {
                views.add(AlertView.of(alert, silencedBy));
            }
        }
        Responses.json(context, 200, Map.of("alerts", views));
    }

    private static Set<AlertState> states(List<String> requested) {
        if (requested.isEmpty()) {
            return EnumSet.of(AlertState.PENDING, AlertState.FIRING);
        }
        Set<AlertState> states = EnumSet.noneOf(AlertState.class);
        for (String state : requested) {
            try {
                AlertState parsed = AlertState.valueOf(state.trim().toUpperCase(Locale.ROOT));
                if (parsed == AlertState.INACTIVE) {
                    throw new IllegalArgumentException();
                }
                states.add(parsed);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "state '" + state + "' is not one of pending, firing, resolved");
            }
        }
        return states;
    }

    private void history(RoutingContext context) {
        String fingerprint = context.queryParams().get("fingerprint");
        int limit = (int) QueryParams.number(context, "limit", 100, 1, MAX_HISTORY);
        long before = QueryParams.number(context, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        Responses.json(context, 200, Map.of("transitions", repository.history(fingerprint, before, limit)));
    }
}
