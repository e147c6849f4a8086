package dev.cdcwatch.engine.rules.template;

import dev.cdcwatch.engine.series.Labels;

/** Go-template-style alert label and annotation templates, as Prometheus expands them. */
public final class Templates {

    private Templates() {
    }

    /** Checks that a template parses; called when rules load. */
    public static void check(String template) throws TemplateException {
    }

    /**
     * Expands a template for one alert. Expansion errors do not throw: as in Prometheus, the result
     * is the error text, so the alert still goes out.
     */
    public static String expand(String template, Labels labels, double value) {
        return template;
    }
}
