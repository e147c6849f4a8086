package dev.cdcwatch.engine.rules;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.engine.rules.promql.Aggregation;
import dev.cdcwatch.engine.rules.promql.BinaryExpr;
import dev.cdcwatch.engine.rules.promql.Expr;
import dev.cdcwatch.engine.rules.promql.FunctionCall;
import dev.cdcwatch.engine.rules.promql.MatrixSelector;
import dev.cdcwatch.engine.rules.promql.UnaryMinus;
import dev.cdcwatch.engine.rules.promql.VectorSelector;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultRulesTest {

    /** Not a catalog metric: the optional series that overrides a default rule's threshold (see the file's header). */
    private static final String THRESHOLD_SERIES = "cdcwatch_rule_threshold";

    private static List<AlertingRule> defaultRules() throws Exception {
        try (InputStream in = DefaultRulesTest.class.getResourceAsStream("/rules/default-rules.yml")) {
            assertThat(in).as("default-rules.yml on the class path").isNotNull();
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return RuleFileParser.parse(yaml, "default-rules.yml").stream().flatMap(group -> group.rules().stream()).toList();
        }
    }

    @Test
    void everyMetricTheDefaultRulesReadIsInTheCatalog() throws Exception {
        Set<String> names = new TreeSet<>();
        for (AlertingRule rule : defaultRules()) {
            collectMetricNames(rule.expr(), names);
        }
        names.remove(THRESHOLD_SERIES);
        assertThat(names).isNotEmpty().allSatisfy(name ->
                assertThat(MetricCatalog.byName(name)).as("metric %s in MetricCatalog", name).isPresent());
    }

    @Test
    void everyDefaultRuleHasSeverityAndTemplatedSummaryAndDescription() throws Exception {
        assertThat(defaultRules()).hasSizeGreaterThanOrEqualTo(14).allSatisfy(rule -> {
            assertThat(rule.labels().get("severity")).as("%s severity", rule.name()).isIn("critical", "warning");
            assertThat(rule.annotations().get("summary")).as("%s summary", rule.name()).contains("{{");
            assertThat(rule.annotations().get("description")).as("%s description", rule.name()).contains("{{");
        });
    }

    @Test
    void everyDefaultRuleFiresInThePromtoolTests() throws Exception {
        String tests = Files.readString(Path.of("src/test/resources/rules/default_rules_test.yml"));
        assertThat(defaultRules()).allSatisfy(rule -> assertThat(tests)
                .as("a firing case for %s in default_rules_test.yml", rule.name())
                .containsPattern("alertname: " + rule.name() + "\\s+exp_alerts:"));
    }

    @Test
    void defaultRulesReadAtMostFifteenMinutesBack() throws Exception {
        assertThat(defaultRules()).allSatisfy(rule ->
                assertThat(rule.expr().maxRange(Duration.ofMinutes(5))).isLessThanOrEqualTo(Duration.ofMinutes(15)));
    }

    private static void collectMetricNames(Expr expr, Set<String> names) {
        if (expr instanceof VectorSelector selector) {
            selector.matchers().stream()
                    .filter(matcher -> matcher.name().equals(Labels.METRIC_NAME) && matcher.type() == LabelMatcher.Type.EQUAL)
                    .forEach(matcher -> names.add(matcher.value()));
        } else if (expr instanceof MatrixSelector matrix) {
            collectMetricNames(matrix.selector(), names);
        } else if (expr instanceof FunctionCall call) {
            call.args().forEach(arg -> collectMetricNames(arg, names));
        } else if (expr instanceof Aggregation aggregation) {
            collectMetricNames(aggregation.arg(), names);
        } else if (expr instanceof BinaryExpr binary) {
            collectMetricNames(binary.lhs(), names);
            collectMetricNames(binary.rhs(), names);
        } else if (expr instanceof UnaryMinus minus) {
            collectMetricNames(minus.operand(), names);
        }
    }
}
