package dev.cdcwatch.engine.evaluation;

import java.time.Duration;
import java.time.Instant;

/** How a rule fared at its last evaluation: {@code health} is {@code unknown} before the first, then {@code ok} or {@code err}. */
public record RuleStatus(String health, String lastError, Instant lastEvaluation, Duration lastEvaluationDuration) {

    public static final RuleStatus UNKNOWN = new RuleStatus("unknown", null, null, null);

    static RuleStatus ok(Instant at, Duration took) {
        return new RuleStatus("ok", null, at, took);
    }

    static RuleStatus failed(Instant at, Duration took, String error) {
        return new RuleStatus("err", error, at, took);
    }
}
