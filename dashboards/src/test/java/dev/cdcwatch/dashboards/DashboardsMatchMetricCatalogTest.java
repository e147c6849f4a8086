package dev.cdcwatch.dashboards;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.metrics.MetricDefinition;
import dev.cdcwatch.dashboards.promql.LabelMatcher;
import dev.cdcwatch.dashboards.promql.QueryShape;
import dev.cdcwatch.dashboards.promql.Selector;
import dev.cdcwatch.dashboards.promql.SelectorScanner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every metric and label a dashboard uses is one the metric catalog lists, so a renamed metric breaks the build. */
class DashboardsMatchMetricCatalogTest {

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(.+?)\\s*,\\s*(\\w+)\\s*\\)\\s*");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

    @Test
    void everyPanelQueryUsesOnlyCatalogMetricsWithTheirCatalogLabels() {
        List<String> problems = new ArrayList<>();
        List<PanelQuery> queries = Dashboards.all().stream().flatMap(d -> d.queries().stream()).toList();
        for (PanelQuery query : queries) {
            QueryShape shape = SelectorScanner.scan(placeholders(query.expr()));
            Set<String> available = checkSelectors(shape.selectors(), query.location(), problems);
            for (String label : shape.groupingLabels()) {
                if (!available.contains(label)) {
                    problems.add(query.location() + ": groups by '" + label + "', which none of its metrics has (" + available + ")");
                }
            }
            Matcher legend = LEGEND_LABEL.matcher(query.legendFormat());
            while (legend.find()) {
                if (!available.contains(legend.group(1))) {
                    problems.add(query.location() + ": legend uses label '" + legend.group(1) + "', which none of its metrics has");
                }
            }
        }
        assertThat(queries).hasSizeGreaterThan(30);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyVariableQueryReadsACatalogLabelOfACatalogMetric() {
        List<String> problems = new ArrayList<>();
        for (Dashboard dashboard : Dashboards.all()) {
            for (TemplateVariable variable : dashboard.variables()) {
                String where = "dashboard '" + dashboard.uid() + "' variable '" + variable.name() + "'";
                Matcher matcher = LABEL_VALUES.matcher(placeholders(variable.query()));
                if (!matcher.matches()) {
                    problems.add(where + ": not label_values(selector, label): " + variable.query());
                    continue;
                }
                Set<String> labels = checkSelectors(SelectorScanner.scan(matcher.group(1)).selectors(), where, problems);
                if (!labels.contains(matcher.group(2))) {
                    problems.add(where + ": reads label '" + matcher.group(2) + "', which its metric does not have (" + labels + ")");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDashboardOffersTheVariablesOfWhatItShows() {
        Map<String, List<String>> variables = new HashMap<>();
        Dashboards.all().forEach(d -> variables.put(d.uid(), d.variables().stream().map(TemplateVariable::name).toList()));

        assertThat(variables.get("cdcwatch-overview")).contains("job", "database", "table");
        assertThat(variables.get("cdcwatch-job-detail")).contains("job", "subtask", "database", "table", "topic");
        assertThat(variables.get("cdcwatch-consumer-lag")).contains("cluster", "group", "topic");
        assertThat(variables.get("cdcwatch-lineage-alerts")).contains("job", "database", "table", "topic", "group");
    }

    /** Checks each selector against the catalog and returns the union of the labels its metrics carry. */
    private static Set<String> checkSelectors(List<Selector> selectors, String where, List<String> problems) {
        Set<String> labels = new LinkedHashSet<>();
        if (selectors.isEmpty()) {
            problems.add(where + ": reads no metric");
        }
        for (Selector selector : selectors) {
            Optional<MetricDefinition> definition = MetricCatalog.byName(selector.metric());
            if (definition.isEmpty()) {
                problems.add(where + ": metric '" + selector.metric() + "' is not in the metric catalog");
                continue;
            }
            labels.addAll(definition.get().labels());
            for (LabelMatcher matcher : selector.matchers()) {
                if (!definition.get().labels().contains(matcher.label())) {
                    problems.add(where + ": " + selector.metric() + " has no label '" + matcher.label()
                            + "' in the catalog (it has " + definition.get().labels() + ")");
                }
            }
        }
        return labels;
    }

    /** Fills every variable with a value that keeps the PromQL well formed, since only names matter here. */
    private static String placeholders(String query) {
        return query.replaceAll("\\$\\{?__(rate_interval|interval|range)}?", "1m").replaceAll("\\$\\{?\\w+}?", ".*");
    }
}
