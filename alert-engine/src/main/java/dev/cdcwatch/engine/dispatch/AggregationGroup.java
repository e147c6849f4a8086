package dev.cdcwatch.engine.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/** The alerts of one route that share the route's {@code group_by} labels; flushed together. Confined to the dispatch thread. */
final class AggregationGroup {

    private final Route route;
    private final String key;
    private final Map<String, String> groupLabels;
    private final Map<String, DispatchAlert> alerts = new LinkedHashMap<>();
    private ScheduledFuture<?> nextFlush;

    AggregationGroup(Route route, String key, Map<String, String> groupLabels) {
        this.route = route;
        this.key = key;
        this.groupLabels = Map.copyOf(groupLabels);
    }

    Route route() {
        return route;
    }

    String key() {
        return key;
    }

    Map<String, String> groupLabels() {
        return groupLabels;
    }

    void put(DispatchAlert alert) {
        alerts.put(alert.fingerprint(), alert);
    }

    List<DispatchAlert> snapshot() {
        return new ArrayList<>(alerts.values());
    }

    /** Forgets resolved alerts that were flushed, unless they changed (fired again) meanwhile. */
    void removeFlushedResolved(List<DispatchAlert> flushed) {
        for (DispatchAlert alert : flushed) {
            if (alert.isResolved()) {
                alerts.remove(alert.fingerprint(), alert);
            }
        }
    }

    boolean isEmpty() {
        return alerts.isEmpty();
    }

    boolean hasFlushScheduled() {
        return nextFlush != null;
    }

    void scheduled(ScheduledFuture<?> flush) {
        this.nextFlush = flush;
    }
}
