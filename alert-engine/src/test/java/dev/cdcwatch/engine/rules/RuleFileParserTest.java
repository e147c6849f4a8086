package dev.cdcwatch.engine.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleFileParserTest {

    private static String file(String rule) {
        return """
                groups:
                  - name: cdc
                    interval: 30s
                    rules:
                """ + rule.indent(6);
    }

    @Test
    void validFileLoadsGroupsRulesAndTimings() throws Exception {
        List<RuleGroup> groups = RuleFileParser.parse(file("""
                - alert: CdcLag
                  expr: cdc_source_emit_event_time_lag_milliseconds > 60000
                  for: 2m
                  keep_firing_for: 30s
                  labels:
                    severity: warning
                  annotations:
                    summary: "lag {{ $value | humanize }}"
                """), "rules.yml");

        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(group.name()).isEqualTo("cdc");
            assertThat(group.interval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(group.sourceFile()).isEqualTo("rules.yml");
            assertThat(group.rules()).singleElement().satisfies(rule -> {
                assertThat(rule.name()).isEqualTo("CdcLag");
                assertThat(rule.exprText()).isEqualTo("cdc_source_emit_event_time_lag_milliseconds > 60000");
                assertThat(rule.forDuration()).isEqualTo(Duration.ofMinutes(2));
                assertThat(rule.keepFiringFor()).isEqualTo(Duration.ofSeconds(30));
                assertThat(rule.labels()).isEqualTo(Map.of("severity", "warning"));
                assertThat(rule.annotations()).isEqualTo(Map.of("summary", "lag {{ $value | humanize }}"));
            });
        });
    }

    @Test
    void groupWithoutIntervalUsesTheDefault() throws Exception {
        List<RuleGroup> groups = RuleFileParser.parse("groups:\n  - name: g\n    rules: []\n", "r.yml", Duration.ofSeconds(15));
        assertThat(groups.get(0).interval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void unsupportedFunctionNamesFileGroupRuleLineAndColumn() {
        assertLoadError(file("""
                - alert: CdcLag
                  expr: histogram_quantile(0.9, rate(x[5m])) > 1
                """), "rules.yml: group 'cdc' rule 'CdcLag' line 6 column 15: function 'histogram_quantile' is not supported");
    }

    @Test
    void positionInsideAQuotedExpressionIsMappedToTheFile() {
        assertLoadError(file("""
                - alert: Top
                  expr: "x + topk(1, y)"
                """), "rules.yml: group 'cdc' rule 'Top' line 6 column 20: aggregation 'topk' is not supported");
    }

    @Test
    void positionInsideABlockExpressionIsMappedToTheFile() {
        assertLoadError(file("""
                - alert: Sub
                  expr: |
                    sum(x)
                      > max_over_time(y[1h:5m])
                """), "rules.yml: group 'cdc' rule 'Sub' line 8 column 33: subqueries are not supported");
    }

    @Test
    void recordingRulesAreRejected() {
        assertLoadError(file("""
                - record: job:lag:max
                  expr: max by (job) (x)
                """), "rules.yml: group 'cdc' rule 'job:lag:max' line 5 column 9: recording rules are not supported; only alerting rules ('alert:')");
    }

    @Test
    void unknownKeysAreRejected() {
        assertLoadError(file("""
                - alert: Typo
                  expr: x > 1
                  annotation:
                    summary: s
                """), "rules.yml: group 'cdc' rule 'Typo' line 7 column 9: unknown key 'annotation' in a rule "
                + "(allowed: alert, annotations, expr, for, keep_firing_for, labels)");
    }

    @Test
    void badDurationNamesTheKey() {
        assertLoadError(file("""
                - alert: Slow
                  expr: x > 1
                  for: 5 minutes
                """), "rules.yml: group 'cdc' rule 'Slow' line 7 column 14: for: not a valid duration: '5 minutes' (expected e.g. 30s, 5m, 1h30m)");
    }

    @Test
    void templateErrorsAreLoadErrors() {
        assertLoadError(file("""
                - alert: Tpl
                  expr: x > 1
                  annotations:
                    summary: "{{ $value | humanise }}"
                """), "rules.yml: group 'cdc' rule 'Tpl' line 8 column 20: annotations.summary: template column 13: function \"humanise\" not defined");
    }

    @Test
    void undefinedTemplateVariablesAreLoadErrors() {
        assertThatThrownBy(() -> RuleFileParser.parse(file("""
                - alert: Tpl
                  expr: x > 1
                  labels:
                    team: "{{ $lables.team }}"
                """), "rules.yml"))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("rule 'Tpl'")
                .hasMessageContaining("undefined variable \"$lables\"");
    }

    @Test
    void missingExprIsNamed() {
        assertLoadError(file("""
                - alert: NoExpr
                  for: 1m
                """), "rules.yml: group 'cdc' rule 'NoExpr' line 5 column 9: missing required key 'expr'");
    }

    @Test
    void rangeVectorExpressionsCannotBeAlerts() {
        assertLoadError(file("""
                - alert: Range
                  expr: x[5m]
                """), "rules.yml: group 'cdc' rule 'Range' line 6 column 15: expr must yield an instant vector or scalar, got range vector");
    }

    @Test
    void repeatedGroupNamesAreRejected() {
        assertLoadError("groups:\n  - name: a\n    rules: []\n  - name: a\n    rules: []\n",
                "rules.yml: group 'a' line 4 column 5: group name 'a' is repeated in the same file");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThatThrownBy(() -> RuleFileParser.parse("groups:\n  - name: [unclosed\n", "rules.yml"))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageStartingWith("rules.yml: line 3 column 1: invalid YAML");
    }

    private static void assertLoadError(String yaml, String message) {
        assertThatThrownBy(() -> RuleFileParser.parse(yaml, "rules.yml"))
                .isInstanceOf(RuleLoadException.class)
                .hasMessage(message);
    }
}
