package dev.cdcwatch.engine.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** All rules' alerts, for the API and for notification. */
public final class AlertRegistry {

    private final List<RuleAlerts> rules = new CopyOnWriteArrayList<>();
    private final Muter muter;

    public AlertRegistry(Muter muter) {
        this.muter = muter;
    }

    public void register(RuleAlerts ruleAlerts) {
        rules.add(ruleAlerts);
    }

    public List<RuleAlerts> rules() {
        return List.copyOf(rules);
    }

    public List<Alert> all() {
        List<Alert> all = new ArrayList<>();
        rules.forEach(rule -> all.addAll(rule.alerts()));
        return all;
    }

    /** Ids of the silences muting an alert now; empty when none. */
    public List<String> mutedBy(Alert alert, Instant at) {
        return muter.mutedBy(alert.labels(), at);
    }

    /** The set handed to notification: firing and recently resolved alerts that no silence mutes at {@code at}. */
    public List<Alert> notifiable(Instant at) {
        return all().stream()
                .filter(alert -> alert.state() == AlertState.FIRING || alert.state() == AlertState.RESOLVED)
                .filter(alert -> muter.mutedBy(alert.labels(), at).isEmpty())
                .toList();
    }

    /** Marks each transition with the silences muting its alert at the time of the change. */
    public List<AlertTransition> withSilences(List<AlertTransition> transitions) {
        return transitions.stream().map(transition -> transition.silenced(muter.mutedBy(transition.alert().labels(), transition.at()))).toList();
    }

    public Map<String, Double> countByState() {
        Map<AlertState, Double> counts = new EnumMap<>(AlertState.class);
        for (AlertState state : List.of(AlertState.PENDING, AlertState.FIRING, AlertState.RESOLVED)) {
            counts.put(state, 0.0);
        }
        all().forEach(alert -> counts.merge(alert.state(), 1.0, Double::sum));
        Map<String, Double> byName = new LinkedHashMap<>();
        counts.forEach((state, count) -> byName.put(state.wireName(), count));
        return byName;
    }
}
