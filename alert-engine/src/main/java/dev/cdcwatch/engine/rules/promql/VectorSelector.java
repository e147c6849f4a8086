package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.series.LabelMatcher;

import java.time.Duration;
import java.util.List;

/** {@code metric{label="value"} offset 5m}; the metric name, if given, is one of the matchers. */
public record VectorSelector(List<LabelMatcher> matchers, Duration offset) implements Expr {

    public VectorSelector {
        matchers = List.copyOf(matchers);
    }

    /** Whether the selector names exactly one metric, so every series it selects has that name. */
    public boolean hasExactName() {
        return LabelMatcher.exactMetricName(matchers) != null;
    }

    @Override
    public Duration maxRange(Duration lookbackDelta) {
        return lookbackDelta.plus(offset);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }
}
