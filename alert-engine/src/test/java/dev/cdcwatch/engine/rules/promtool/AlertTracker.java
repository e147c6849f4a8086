package dev.cdcwatch.engine.rules.promtool;

import dev.cdcwatch.engine.rules.AlertingRule;
import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.rules.promql.Evaluator;
import dev.cdcwatch.engine.rules.template.Templates;
import dev.cdcwatch.engine.series.Labels;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A minimal copy of Prometheus's alert life for one rule, to run promtool test files without the
 * engine: inactive -> pending ({@code for}) -> firing, {@code keep_firing_for}, a pending alert that
 * clears is dropped.
 */
final class AlertTracker {

    record FiringAlert(Labels labels, Map<String, String> annotations) {
    }

    private static final class Active {
        boolean firing;
        final long activeAt;
        Long keepFiringSince;
        Map<String, String> annotations;

        Active(long activeAt) {
            this.activeAt = activeAt;
        }
    }

    private final AlertingRule rule;
    private final Map<Labels, Active> active = new LinkedHashMap<>();

    AlertTracker(AlertingRule rule) {
        this.rule = rule;
    }

    void evaluate(Evaluator evaluator, long time) {
        Set<Labels> present = new HashSet<>();
        for (VectorSample sample : evaluator.evaluate(rule.expr(), time)) {
            Map<String, String> labels = new TreeMap<>(sample.labels().withoutMetricName().asMap());
            rule.labels().forEach((name, template) -> labels.put(name, Templates.expand(template, sample.labels(), sample.value())));
            labels.put("alertname", rule.name());
            Labels alertLabels = Labels.of(labels);
            if (!present.add(alertLabels)) {
                throw new IllegalStateException("vector contains metrics with the same labelset after applying alert labels");
            }
            Map<String, String> annotations = new TreeMap<>();
            rule.annotations().forEach((name, template) -> annotations.put(name, Templates.expand(template, sample.labels(), sample.value())));
            active.computeIfAbsent(alertLabels, key -> new Active(time)).annotations = annotations;
        }
        List<Labels> resolved = new ArrayList<>();
        active.forEach((labels, alert) -> {
            if (!present.contains(labels)) {
                boolean keepFiring = false;
                if (alert.firing && !rule.keepFiringFor().isZero()) {
                    if (alert.keepFiringSince == null) {
                        alert.keepFiringSince = time;
                    }
                    keepFiring = time - alert.keepFiringSince < rule.keepFiringFor().toMillis();
                }
                if (!keepFiring) {
                    resolved.add(labels);
                    return;
                }
            } else {
                alert.keepFiringSince = null;
            }
            if (!alert.firing && time - alert.activeAt >= rule.forDuration().toMillis()) {
                alert.firing = true;
            }
        });
        resolved.forEach(active::remove);
    }

    List<FiringAlert> firing() {
        List<FiringAlert> firing = new ArrayList<>();
        active.forEach((labels, alert) -> {
            if (alert.firing) {
                firing.add(new FiringAlert(labels, alert.annotations));
            }
        });
        return firing;
    }
}
