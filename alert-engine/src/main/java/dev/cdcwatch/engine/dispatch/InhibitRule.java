package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.series.LabelMatcher;

import java.util.List;

/** Alertmanager's inhibit rule: a firing source alert mutes target alerts that agree on the {@code equal} labels. */
public record InhibitRule(List<LabelMatcher> sourceMatchers, List<LabelMatcher> targetMatchers, List<String> equal) {

    public InhibitRule {
        sourceMatchers = List.copyOf(sourceMatchers);
        targetMatchers = List.copyOf(targetMatchers);
        equal = List.copyOf(equal);
    }
}
