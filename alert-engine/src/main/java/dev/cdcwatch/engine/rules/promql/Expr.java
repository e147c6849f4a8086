package dev.cdcwatch.engine.rules.promql;

import java.time.Duration;

/** A parsed PromQL expression of the supported subset. */
public sealed interface Expr permits NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, FunctionCall,
        Aggregation, BinaryExpr, UnaryMinus {

    /**
     * How far back before the evaluation time this expression reads: its longest range selector
     * plus offsets, or the lookback delta for instant selectors. The series store keeps at least this much.
     */
    Duration maxRange(Duration lookbackDelta);

    /** What the expression yields: scalar, instant vector, range vector or string. */
    ValueType type();
}
