package dev.cdcwatch.engine.api;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.evaluation.GroupStatus;
import dev.cdcwatch.engine.evaluation.RuleManager;
import dev.cdcwatch.engine.rules.AlertingRule;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/rules}: the loaded groups and rules with health, last evaluation, its duration and last error. */
final class RulesApi {

    record RuleView(String name, String query, double durationSeconds, double keepFiringForSeconds, Map<String, String> labels,
                    Map<String, String> annotations, String health, String lastError, Instant lastEvaluation,
                    Double evaluationTimeSeconds, List<AlertView> alerts) {
    }

    record GroupView(String name, String file, double intervalSeconds, Instant lastEvaluation, Double evaluationTimeSeconds,
                     List<RuleView> rules) {
    }

    private final RuleManager rules;

    RulesApi(RuleManager rules) {
        this.rules = rules;
    }

    void mount(Router router) {
        router.get("/api/v1/rules").handler(this::rules);
    }

    private void rules(RoutingContext context) {
        List<GroupView> groups = rules.status().stream().map(RulesApi::group).toList();
        Responses.json(context, 200, Map.of("groups", groups));
    }

    private static GroupView group(GroupStatus status) {
        List<RuleView> ruleViews = status.rules().stream().map(rule -> {
            AlertingRule definition = rule.alerts().rule();
            List<AlertView> alerts = rule.alerts().alerts().stream().map((Alert alert) -> AlertView.of(alert, List.of())).toList();
            return new RuleView(definition.name(), definition.exprText(), seconds(definition.forDuration()),
                    seconds(definition.keepFiringFor()), definition.labels(), definition.annotations(), rule.status().health(),
                    rule.status().lastError(), rule.status().lastEvaluation(), secondsOrNull(rule.status().lastEvaluationDuration()), alerts);
        }).toList();
        return new GroupView(status.group().name(), status.group().sourceFile(), seconds(status.interval()), status.lastEvaluation(),
                secondsOrNull(status.lastEvaluationDuration()), ruleViews);
    }

    private static double seconds(Duration duration) {
        return duration == null ? 0 : duration.toNanos() / 1e9;
    }

    private static Double secondsOrNull(Duration duration) {
        return duration == null ? null : duration.toNanos() / 1e9;
    }
}
