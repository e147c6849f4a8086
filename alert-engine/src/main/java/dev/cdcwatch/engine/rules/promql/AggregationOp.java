package dev.cdcwatch.engine.rules.promql;

public enum AggregationOp {
    SUM, MIN, MAX, AVG, COUNT
}
