package dev.cdcwatch.engine.evaluation;

import dev.cdcwatch.engine.alerts.RuleAlerts;
import dev.cdcwatch.engine.rules.RuleGroup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A rule group as loaded and last evaluated, with each rule's alerts and status. */
public record GroupStatus(RuleGroup group, Duration interval, Instant lastEvaluation, Duration lastEvaluationDuration, List<Rule> rules) {

    public record Rule(RuleAlerts alerts, RuleStatus status) {
    }
}
