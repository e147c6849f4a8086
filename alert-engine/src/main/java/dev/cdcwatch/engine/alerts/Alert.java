package dev.cdcwatch.engine.alerts;

import dev.cdcwatch.engine.series.Labels;

import java.time.Instant;
import java.util.Map;

/**
 * One alert of one rule, as in Prometheus: the labels of a result element without {@code __name__}
 * plus the rule's labels and {@code alertname}; the annotations expanded for it.
 *
 * @param activeAt        when the condition first held; {@code for} counts from here, across restarts
 * @param firedAt         when it went firing, or null
 * @param resolvedAt      when it resolved, or null
 * @param keepFiringSince when the condition stopped holding while {@code keep_firing_for} keeps it firing, or null
 */
public record Alert(
        String fingerprint,
        String groupName,
        String ruleName,
        Labels labels,
        Map<String, String> annotations,
        AlertState state,
        double value,
        Instant activeAt,
        Instant firedAt,
        Instant resolvedAt,
        Instant keepFiringSince) {

    public Alert {
        annotations = Map.copyOf(annotations);
    }

    Alert withState(AlertState newState, Instant firedAt, Instant resolvedAt) {
        return new Alert(fingerprint, groupName, ruleName, labels, annotations, newState, value, activeAt, firedAt, resolvedAt, keepFiringSince);
    }

    Alert withSample(double newValue, Map<String, String> newAnnotations) {
        return new Alert(fingerprint, groupName, ruleName, labels, newAnnotations, state, newValue, activeAt, firedAt, resolvedAt, null);
    }

    Alert keptFiringSince(Instant since) {
        return new Alert(fingerprint, groupName, ruleName, labels, annotations, state, value, activeAt, firedAt, resolvedAt, since);
    }

    public String alertName() {
        return labels.get(Fingerprints.ALERT_NAME);
    }
}
