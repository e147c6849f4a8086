package dev.cdcwatch.engine.notify;

import dev.cdcwatch.engine.dispatch.DispatchAlert;

import java.util.List;
import java.util.Map;

/**
 * What one flush of an aggregation group sends to one receiver: its alerts (firing and resolved) and,
 * per firing lineage cause, the symptoms held back because of it.
 */
public record GroupNotification(String receiver, String groupKey, Map<String, String> groupLabels,
                                List<DispatchAlert> alerts, Map<String, List<DispatchAlert>> heldBack,
                                String externalUrl) {

    public GroupNotification {
        groupLabels = Map.copyOf(groupLabels);
        alerts = List.copyOf(alerts);
        heldBack = Map.copyOf(heldBack);
    }

    public List<DispatchAlert> firing() {
        return alerts.stream().filter(alert -> !alert.isResolved()).toList();
    }

    public List<DispatchAlert> resolved() {
        return alerts.stream().filter(DispatchAlert::isResolved).toList();
    }

    /** {@code firing} while any alert fires, as in Alertmanager. */
    public String status() {
        return firing().isEmpty() ? "resolved" : "firing";
    }
}
