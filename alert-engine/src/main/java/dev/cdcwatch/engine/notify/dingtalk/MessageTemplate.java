package dev.cdcwatch.engine.notify.dingtalk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny template: {@code {{name}}} is replaced by a field of the alert ({@link #FIELDS}),
 * {@code {{labels.x}}} and {@code {{annotations.x}}} by a label or annotation. Names are checked when
 * the config loads, so a typo is a config error, not a blank in a page at 3 a.m.
 */
public final class MessageTemplate {

    public static final Set<String> FIELDS = Set.of("status", "status_icon", "severity", "alertname", "summary",
            "description", "value", "since", "ended", "job", "database", "table", "topic", "group", "impact",
            "held_back", "dashboard_url", "silence_url", "external_url", "silence_filter", "fingerprint");

    /** Severity, summary, value, since when, job/table/topic, lineage impact, links to the dashboard and to silence. */
    public static final String DEFAULT_ALERT = """
            #### {{status_icon}} [{{severity}}] {{alertname}}
            **{{summary}}**

            - Value: {{value}}
            - Since: {{since}}{{ended}}
            - Job: {{job}} | Table: {{database}}.{{table}} | Topic: {{topic}} | Group: {{group}}
            - Lineage impact: {{impact}}
            {{held_back}}
            [Dashboard]({{dashboard_url}}) | [Silence]({{silence_url}})
            """;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_.]*)\\s*}}");

    private final String text;

    private MessageTemplate(String text) {
        this.text = text;
    }

    /** Parses a template; the exception names the unknown placeholder. */
    public static MessageTemplate parse(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        List<String> unknown = new ArrayList<>();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!FIELDS.contains(name) && !name.startsWith("labels.") && !name.startsWith("annotations.")) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("uses unknown placeholders " + unknown + "; known are " + FIELDS.stream().sorted().toList()
                    + ", labels.<name> and annotations.<name>");
        }
        return new MessageTemplate(text);
    }

    public static MessageTemplate defaultAlert() {
        return parse(DEFAULT_ALERT);
    }

    public String render(Map<String, String> fields, Map<String, String> labels, Map<String, String> annotations) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value;
            if (name.startsWith("labels.")) {
                value = labels.getOrDefault(name.substring(7), "");
            } else if (name.startsWith("annotations.")) {
                value = annotations.getOrDefault(name.substring(12), "");
            } else {
                value = fields.getOrDefault(name, "");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
