package dev.cdcwatch.engine.rules.promql;

import java.time.Duration;

public record UnaryMinus(Expr operand) implements Expr {

    @Override
    public Duration maxRange(Duration lookbackDelta) {
        return operand.maxRange(lookbackDelta);
    }

    @Override
    public ValueType type() {
        return operand.type();
    }
}
