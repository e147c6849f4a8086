package dev.cdcwatch.dashboards.prometheus;

import dev.cdcwatch.dashboards.Dashboard;
import dev.cdcwatch.dashboards.TemplateVariable;
import dev.cdcwatch.dashboards.VariableInterpolator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives a dashboard's variables values from Prometheus, in order, as Grafana does: each variable's
 * {@code label_values(selector, label)} query may use the variables before it.
 */
public final class VariableResolver {

    /** How to choose among a variable's values. */
    public enum Choice {
        /** The first value, as Grafana shows a dashboard with nothing selected and no "All". */
        FIRST_VALUE,
        /** "All" where the variable offers it, else the first value. */
        ALL
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(.+?)\\s*,\\s*(\\w+)\\s*\\)\\s*");

    private VariableResolver() {
    }

    /**
     * @param builtIns values of Grafana's built-in variables such as {@code __rate_interval}
     * @return every variable's value as it goes into a query, plus {@code builtIns}
     * @throws IllegalArgumentException if a variable's query is not {@code label_values(selector, label)}
     */
    public static Map<String, String> resolve(Dashboard dashboard, PrometheusClient prometheus, Choice choice,
                                              Map<String, String> builtIns) {
        Map<String, String> values = new LinkedHashMap<>(builtIns);
        for (TemplateVariable variable : dashboard.variables()) {
            Matcher matcher = LABEL_VALUES.matcher(VariableInterpolator.interpolate(variable.query(), values));
            if (!matcher.matches()) {
                throw new IllegalArgumentException("dashboard '" + dashboard.uid() + "' variable '" + variable.name()
                        + "': expected label_values(selector, label), got " + variable.query());
            }
            List<String> found = prometheus.labelValues(matcher.group(2), matcher.group(1));
            boolean all = found.isEmpty() || (choice == Choice.ALL && variable.includeAll());
            values.put(variable.name(), all ? variable.allValue() : VariableInterpolator.regexOf(List.of(found.get(0))));
        }
        return values;
    }
}
