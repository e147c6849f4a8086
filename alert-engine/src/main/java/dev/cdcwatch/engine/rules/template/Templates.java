package dev.cdcwatch.engine.rules.template;

import dev.cdcwatch.engine.series.Labels;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Go-template-style alert label and annotation templates, as Prometheus expands them:
 * {@code {{ $labels.job }}}, {@code {{ $value | humanizeDuration }}}, {@code {{ printf "%.2f" $value }}},
 * {@code {{ if gt $value 10.0 }}...{{ end }}}. Parsed templates are cached by their text.
 */
public final class Templates {

    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, Template> CACHE = new ConcurrentHashMap<>();

    private Templates() {
    }

    /** Checks that a template parses (syntax, variables, function names); called when rules load. */
    public static void check(String template) throws TemplateException {
        parse(template);
    }

    /** Expands a template for one alert with no external labels. */
    public static String expand(String template, Labels labels, double value) {
        return expand(template, labels, value, Labels.EMPTY, "");
    }

    /**
     * Expands a template for one alert; {@code labels} are the alert's labels. Errors do not throw:
     * as in Prometheus, the result is the error text, so the alert still goes out and says why.
     */
    public static String expand(String template, Labels labels, double value, Labels externalLabels, String externalUrl) {
        if (!template.contains("{{")) {
            return template;
        }
        try {
            Template.Data data = new Template.Data(labels.asMap(), value, externalLabels.asMap(), externalUrl);
            return parse(template).expand(data);
        } catch (TemplateException | IllegalArgumentException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        }
    }

    private static Template parse(String template) throws TemplateException {
        Template cached = CACHE.get(template);
        if (cached != null) {
            return cached;
        }
        Template parsed = new Template(TemplateParser.parse(template));
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.put(template, parsed);
        }
        return parsed;
    }
}
