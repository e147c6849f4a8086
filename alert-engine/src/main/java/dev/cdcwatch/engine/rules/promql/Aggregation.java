package dev.cdcwatch.engine.rules.promql;

import java.time.Duration;
import java.util.List;

/** {@code sum by (job) (expr)}; {@code without} lists the labels dropped instead of those kept. */
public record Aggregation(AggregationOp op, Expr arg, List<String> grouping, boolean without) implements Expr {

    public Aggregation {
        grouping = List.copyOf(grouping);
    }

    @Override
    public Duration maxRange(Duration lookbackDelta) {
        return arg.maxRange(lookbackDelta);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }
}
