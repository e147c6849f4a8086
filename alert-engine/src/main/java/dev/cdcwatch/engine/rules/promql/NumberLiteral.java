package dev.cdcwatch.engine.rules.promql;

import java.time.Duration;

public record NumberLiteral(double value) implements Expr {

    @Override
    public Duration maxRange(Duration lookbackDelta) {
        return Duration.ZERO;
    }

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }
}
