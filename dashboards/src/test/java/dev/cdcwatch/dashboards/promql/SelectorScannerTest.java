package dev.cdcwatch.dashboards.promql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorScannerTest {

    @Test
    void findsMetricNamesAndMatchersButNotFunctionsOrAggregations() {
        QueryShape shape = SelectorScanner.scan(
                "1 - sum by (job) (rate(a_total{job=~\"x|y\", table!=\"t\"}[1m] offset 5m)) / sum without (host) (b) > bool 0");

        assertThat(shape.selectors()).extracting(Selector::metric).containsExactly("a_total", "b");
        assertThat(shape.selectors().get(0).matchers()).containsExactly(
                new LabelMatcher("job", "=~", "x|y"), new LabelMatcher("table", "!=", "t"));
        assertThat(shape.groupingLabels()).containsExactlyInAnyOrder("job", "host");
    }

    @Test
    void aggregationWithTrailingGroupingClauseIsNotMistakenForAMetric() {
        QueryShape shape = SelectorScanner.scan("max(c{subtask=\"0\"}) by (subtask) * on (subtask) group_left d");

        assertThat(shape.selectors()).extracting(Selector::metric).containsExactly("c", "d");
        assertThat(shape.groupingLabels()).containsExactlyInAnyOrder("subtask");
    }

    @Test
    void selectorWithoutMetricNameIsReportedWithAnEmptyName() {
        assertThat(SelectorScanner.scan("{__name__=~\"cdc_.*\"}").selectors()).singleElement()
                .satisfies(selector -> assertThat(selector.metric()).isEmpty());
    }

    @Test
    void malformedMatcherIsRejectedWithTheExpression() {
        assertThatThrownBy(() -> SelectorScanner.scan("a{job=~}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a{job=~}");
    }
}
