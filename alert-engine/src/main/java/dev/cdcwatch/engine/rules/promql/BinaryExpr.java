package dev.cdcwatch.engine.rules.promql;

import java.time.Duration;

/**
 * {@code lhs op rhs}. {@code returnBool} is the {@code bool} modifier of comparisons; {@code matching}
 * is how vector elements pair up when both sides are vectors, else null.
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching) implements Expr {

    @Override
    public Duration maxRange(Duration lookbackDelta) {
        Duration left = lhs.maxRange(lookbackDelta);
        Duration right = rhs.maxRange(lookbackDelta);
        return left.compareTo(right) >= 0 ? left : right;
    }

    @Override
    public ValueType type() {
        return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }
}
