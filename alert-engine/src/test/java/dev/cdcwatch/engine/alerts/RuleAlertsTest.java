package dev.cdcwatch.engine.alerts;

import dev.cdcwatch.engine.rules.AlertingRule;
import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.series.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The alert state machine on its own, with explicit evaluation times. The rule's expression is not
 * evaluated here (results are given), so it is left null.
 */
class RuleAlertsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final TemplateExpander LITERAL = (template, labels, value) -> template.replace("$value", Double.toString(value));

    private static RuleAlerts rule(Duration forDuration, Map<String, String> labels) {
        return new RuleAlerts("g", new AlertingRule("Lag", "lag > 1", null, forDuration, Duration.ZERO, labels,
                Map.of("summary", "lag $value")), LITERAL, Duration.ofMinutes(15));
    }

    private static List<VectorSample> lag(double value, String job) {
        return List.of(new VectorSample(Labels.of("__name__", "lag", "job", job), value));
    }

    @Test
    void alertLabelsAreTheElementLabelsWithoutNamePlusRuleLabelsAndAlertname() {
        RuleAlerts rule = rule(Duration.ZERO, Map.of("severity", "page"));

        Alert alert = rule.evaluate(lag(5, "orders"), T0).get(0).alert();

        assertThat(alert.labels().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("alertname", "Lag", "job", "orders", "severity", "page"));
        assertThat(alert.fingerprint()).isEqualTo(Fingerprints.of(alert.labels())).hasSize(16);
        assertThat(alert.annotations()).containsEntry("summary", "lag 5.0");
    }

    @Test
    void fingerprintIsStableAndDependsOnEveryLabel() {
        Labels labels = Labels.of("alertname", "Lag", "job", "orders");

        assertThat(Fingerprints.of(labels)).isEqualTo(Fingerprints.of(Labels.of("job", "orders", "alertname", "Lag")));
        assertThat(Fingerprints.of(labels)).isNotEqualTo(Fingerprints.of(Labels.of("alertname", "Lag", "job", "order")));
        assertThat(Fingerprints.of(Labels.of("a", "bc"))).isNotEqualTo(Fingerprints.of(Labels.of("ab", "c")));
    }

    @Test
    void twoElementsWithTheSameAlertLabelsAreAnError() {
        RuleAlerts rule = rule(Duration.ZERO, Map.of());
        List<VectorSample> clash = List.of(new VectorSample(Labels.of("__name__", "lag", "job", "a"), 1),
                new VectorSample(Labels.of("__name__", "other", "job", "a"), 2));

        assertThatThrownBy(() -> rule.evaluate(clash, T0)).hasMessageContaining("same labels");
    }

    @Test
    void resolvedAlertIsForgottenAfterItsRetentionAndAReturnStartsANewPendingAlert() {
        RuleAlerts rule = rule(Duration.ofSeconds(10), Map.of());
        rule.evaluate(lag(5, "a"), T0);
        rule.evaluate(lag(5, "a"), T0.plusSeconds(10));
        assertThat(rule.evaluate(List.of(), T0.plusSeconds(11))).extracting(AlertTransition::to).containsExactly(AlertState.RESOLVED);

        List<AlertTransition> again = rule.evaluate(lag(5, "a"), T0.plusSeconds(12));
        assertThat(again).extracting(AlertTransition::to).containsExactly(AlertState.PENDING);
        assertThat(again.get(0).alert().activeAt()).isEqualTo(T0.plusSeconds(12));

        rule.evaluate(List.of(), T0.plusSeconds(13));
        rule.evaluate(List.of(), T0.plusSeconds(13).plus(Duration.ofMinutes(16)));
        assertThat(rule.alerts()).isEmpty();
    }

    @Test
    void restoredAlertIsHeldThroughTheGraceThenResolvedIfTheConditionIsGone() {
        RuleAlerts rule = rule(Duration.ZERO, Map.of());
        Alert firing = rule.evaluate(lag(5, "a"), T0).get(0).alert();
        RuleAlerts restarted = rule(Duration.ZERO, Map.of());
        restarted.restore(firing, T0.plusSeconds(30));

        assertThat(restarted.evaluate(List.of(), T0.plusSeconds(20))).isEmpty();
        assertThat(restarted.alerts()).extracting(Alert::state).containsExactly(AlertState.FIRING);
        assertThat(restarted.evaluate(List.of(), T0.plusSeconds(31))).extracting(AlertTransition::to).containsExactly(AlertState.RESOLVED);
    }

    @Test
    void restoredFiringAlertThatStillHoldsIsNotFiredAgain() {
        RuleAlerts rule = rule(Duration.ZERO, Map.of());
        Alert firing = rule.evaluate(lag(5, "a"), T0).get(0).alert();
        RuleAlerts restarted = rule(Duration.ZERO, Map.of());
        restarted.restore(firing, T0.plusSeconds(30));

        assertThat(restarted.evaluate(lag(6, "a"), T0.plusSeconds(5))).isEmpty();
        assertThat(restarted.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.firedAt()).isEqualTo(T0);
            assertThat(alert.value()).isEqualTo(6.0);
        });
    }
}
