package dev.cdcwatch.engine.dispatch;

import java.time.Instant;
import java.util.Map;

/** What a stage knows about the flush it works on: the route, the aggregation group and the time. */
public record FlushContext(Route route, String groupKey, Map<String, String> groupLabels, Instant now) {

    public FlushContext {
        groupLabels = Map.copyOf(groupLabels);
    }
}
