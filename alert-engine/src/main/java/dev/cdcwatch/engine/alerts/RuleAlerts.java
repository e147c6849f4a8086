package dev.cdcwatch.engine.alerts;

import dev.cdcwatch.engine.rules.AlertingRule;
import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.series.Labels;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The alerts of one alerting rule and their life, following Prometheus's rule evaluation:
 * each result element becomes a pending alert, firing once {@code for} has passed since it became
 * active; a pending alert that clears is dropped; a firing one resolves (after {@code keep_firing_for})
 * and stays visible for {@code resolvedRetention}. Alerts restored from the database are neither
 * dropped nor resolved before {@code graceUntil}, so that reporters have time to push again after a restart.
 */
public final class RuleAlerts {

    private final String groupName;
    private final AlertingRule rule;
    private final TemplateExpander templates;
    private final AlertAnnotator annotator;
    private final Duration resolvedRetention;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Set<String> restoredUnconfirmed = new HashSet<>();
    private Instant graceUntil = Instant.MIN;

    public RuleAlerts(String groupName, AlertingRule rule, TemplateExpander templates, Duration resolvedRetention) {
        this(groupName, rule, templates, AlertAnnotator.NONE, resolvedRetention);
    }

    public RuleAlerts(String groupName, AlertingRule rule, TemplateExpander templates, AlertAnnotator annotator, Duration resolvedRetention) {
        this.groupName = groupName;
        this.rule = rule;
        this.templates = templates;
        this.annotator = annotator;
        this.resolvedRetention = resolvedRetention;
    }

    public String groupName() {
        return groupName;
    }

    public AlertingRule rule() {
        return rule;
    }

    /** Takes over an alert stored before a restart; it is held until {@code graceUntil} unless the rule confirms or clears it. */
    public synchronized void restore(Alert alert, Instant graceUntil) {
        alerts.put(alert.fingerprint(), alert);
        if (alert.state() != AlertState.RESOLVED) {
            restoredUnconfirmed.add(alert.fingerprint());
        }
        this.graceUntil = graceUntil;
    }

    /**
     * Applies one evaluation result at {@code now} and returns the state changes, in order.
     *
     * @throws IllegalStateException when two result elements map to the same alert labels (as Prometheus refuses)
     */
    public synchronized List<AlertTransition> evaluate(List<VectorSample> result, Instant now) {
        Map<String, Alert> current = new LinkedHashMap<>();
        for (VectorSample sample : result) {
            Alert alert = alertFor(sample, now);
            if (current.put(alert.fingerprint(), alert) != null) {
                throw new IllegalStateException("rule '" + rule.name() + "': the result has two elements with the same labels "
                        + alert.labels() + " after applying the rule's labels");
            }
        }
        List<AlertTransition> transitions = new ArrayList<>();
        clearMissing(current.keySet(), now, transitions);
        for (Alert fresh : current.values()) {
            restoredUnconfirmed.remove(fresh.fingerprint());
            Alert known = alerts.get(fresh.fingerprint());
            Alert alert = known != null && known.state() != AlertState.RESOLVED
                    ? known.withSample(fresh.value(), fresh.annotations())
                    : fresh;
            boolean isNew = alert == fresh;
            if (alert.state() == AlertState.PENDING && !now.isBefore(alert.activeAt().plus(rule.forDuration()))) {
                alert = alert.withState(AlertState.FIRING, now, null);
                transitions.add(transition(alert, isNew ? AlertState.INACTIVE : AlertState.PENDING, now));
            } else if (isNew) {
                transitions.add(transition(alert, AlertState.INACTIVE, now));
            }
            alerts.put(alert.fingerprint(), alert);
        }
        return transitions;
    }

    private void clearMissing(Set<String> present, Instant now, List<AlertTransition> transitions) {
        Iterator<Alert> known = alerts.values().iterator();
        while (known.hasNext()) {
            Alert alert = known.next();
            if (present.contains(alert.fingerprint())) {
                continue;
            }
            if (restoredUnconfirmed.contains(alert.fingerprint()) && now.isBefore(graceUntil)) {
                continue;
            }
            restoredUnconfirmed.remove(alert.fingerprint());
            switch (alert.state()) {
                case PENDING -> {
                    known.remove();
                    transitions.add(transition(alert, AlertState.PENDING, AlertState.INACTIVE, now));
                }
                case FIRING -> {
                    if (keepsFiring(alert, now)) {
                        continue;
                    }
                    Alert resolved = alert.withState(AlertState.RESOLVED, alert.firedAt(), now);
                    alerts.put(alert.fingerprint(), resolved);
                    transitions.add(transition(resolved, AlertState.FIRING, now));
                }
                case RESOLVED -> {
                    if (now.isAfter(alert.resolvedAt().plus(resolvedRetention))) {
                        known.remove();
                    }
                }
                default -> known.remove();
            }
        }
    }

    private boolean keepsFiring(Alert alert, Instant now) {
        if (rule.keepFiringFor().isZero()) {
            return false;
        }
        Instant since = alert.keepFiringSince();
        if (since == null) {
            since = now;
            alerts.put(alert.fingerprint(), alert.keptFiringSince(now));
        }
        return now.isBefore(since.plus(rule.keepFiringFor()));
    }

    private Alert alertFor(VectorSample sample, Instant now) {
        Map<String, String> labels = new TreeMap<>(sample.labels().withoutMetricName().asMap());
        rule.labels().forEach((name, template) -> labels.put(name, templates.expand(template, sample.labels(), sample.value())));
        labels.put(Fingerprints.ALERT_NAME, rule.name());
        Labels alertLabels = Labels.of(labels);
        Map<String, String> annotations = new TreeMap<>(annotator.annotate(alertLabels));
        rule.annotations().forEach((name, template) -> annotations.put(name, templates.expand(template, sample.labels(), sample.value())));
        return new Alert(Fingerprints.of(alertLabels), groupName, rule.name(), alertLabels, annotations, AlertState.PENDING,
                sample.value(), now, null, null, null);
    }

    private static AlertTransition transition(Alert alert, AlertState from, Instant at) {
        return new AlertTransition(alert, from, alert.state(), at, List.of());
    }

    private static AlertTransition transition(Alert alert, AlertState from, AlertState to, Instant at) {
        return new AlertTransition(alert, from, to, at, List.of());
    }

    /** The rule's pending, firing and recently resolved alerts. */
    public synchronized List<Alert> alerts() {
        return List.copyOf(alerts.values());
    }
}
