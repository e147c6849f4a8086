package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.series.LabelMatcher;

import java.util.List;

/**
 * Lineage-aware inhibition: a firing cause (binlog disconnected, job down) holds back symptom alerts
 * (topic lag, consumer lag) of the same table or of the topics and groups downstream of it. Which alerts
 * are causes and symptoms is chosen by matchers; the lineage itself comes from the alerts' labels
 * ({@code database}, {@code table}, {@code topic}, {@code group}) and the engine's lineage annotations
 * ({@code downstream_topics}, {@code downstream_groups}, {@code upstream_tables}; comma-separated).
 */
public record LineageInhibition(boolean enabled, List<LabelMatcher> causeMatchers, List<LabelMatcher> symptomMatchers) {

    public static final String DOWNSTREAM_TOPICS = "downstream_topics";
    public static final String DOWNSTREAM_GROUPS = "downstream_groups";
    public static final String UPSTREAM_TABLES = "upstream_tables";

    public static final LineageInhibition DEFAULTS = new LineageInhibition(true,
            List.of(Matchers.parse("lineage_role=\"cause\"")), List.of(Matchers.parse("lineage_role=\"symptom\"")));

    public LineageInhibition {
        causeMatchers = List.copyOf(causeMatchers);
        symptomMatchers = List.copyOf(symptomMatchers);
    }
}
