package dev.cdcwatch.engine.rules.promql;

import java.time.Duration;

/** {@code metric{...}[5m] offset 1m}: the selector's samples in a window ending at the evaluation time. */
public record MatrixSelector(VectorSelector selector, Duration range) implements Expr {

    @Override
    public Duration maxRange(Duration lookbackDelta) {
        return range.plus(selector.offset());
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }
}
