package dev.cdcwatch.engine.rules;

import java.time.Duration;
import java.util.List;

/** A group of alerting rules evaluated together every {@code interval}, as in a Prometheus rule file. */
public record RuleGroup(String name, Duration interval, List<AlertingRule> rules, String sourceFile) {

    public RuleGroup {
        rules = List.copyOf(rules);
    }
}
