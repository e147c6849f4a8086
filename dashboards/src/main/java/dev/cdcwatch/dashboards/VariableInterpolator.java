package dev.cdcwatch.dashboards;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fills Grafana variables into a query the way Grafana does before sending it to Prometheus:
 * {@code $name}, {@code ${name}}, {@code ${name:format}} and {@code [[name]]}, including Grafana's
 * built-ins such as {@code $__rate_interval} when the caller provides them.
 */
public final class VariableInterpolator {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

    private VariableInterpolator() {
    }

    /**
     * @param values the text each variable stands for, by name without {@code $}
     * @throws IllegalArgumentException naming the variable if the query refers to one without a value
     */
    public static String interpolate(String query, Map<String, String> values) {
        Matcher matcher = REFERENCE.matcher(query);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("query refers to $" + name + ", which has no value: " + query);
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    /** How Grafana writes selected values into a PromQL regex matcher: one value escaped, several as {@code (a|b)}. */
    public static String regexOf(List<String> selected) {
        List<String> escaped = selected.stream().map(VariableInterpolator::escapeRegex).toList();
        return escaped.size() == 1 ? escaped.get(0) : escaped.stream().collect(Collectors.joining("|", "(", ")"));
    }

    private static String escapeRegex(String value) {
        // Escaped twice: once for the regular expression, once for the PromQL string it sits in.
        return value.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\\\\\$0");
    }
}
