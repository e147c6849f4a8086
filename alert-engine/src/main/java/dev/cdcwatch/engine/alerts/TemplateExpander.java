package dev.cdcwatch.engine.alerts;

import dev.cdcwatch.engine.series.Labels;

/** Expands a rule's label or annotation template for one result element ({@code $labels}, {@code $value}). */
@FunctionalInterface
public interface TemplateExpander {

    String expand(String template, Labels labels, double value);
}
