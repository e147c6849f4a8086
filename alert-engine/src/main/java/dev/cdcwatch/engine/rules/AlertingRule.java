package dev.cdcwatch.engine.rules;

import dev.cdcwatch.engine.rules.promql.Expr;

import java.time.Duration;
import java.util.Map;

/**
 * One {@code alert:} rule. {@code labels} and {@code annotations} are templates expanded per alert
 * with {@code $labels} and {@code $value}.
 */
public record AlertingRule(
        String name,
        String exprText,
        Expr expr,
        Duration forDuration,
        Duration keepFiringFor,
        Map<String, String> labels,
        Map<String, String> annotations) {

    public AlertingRule {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
