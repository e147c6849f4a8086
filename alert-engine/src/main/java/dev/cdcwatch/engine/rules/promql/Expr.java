package dev.cdcwatch.engine.rules.promql;

import java.time.Duration;

/** A parsed PromQL expression of the supported subset. */
public interface Expr {

    /**
     * How far back before the evaluation time this expression reads: its longest range selector
     * plus offsets, or the lookback delta for instant selectors. The series store keeps at least this much.
     */
    Duration maxRange(Duration lookbackDelta);
}
