package dev.cdcwatch.engine.rules.promql;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.cdcwatch.engine.rules.promql.ValueType.MATRIX;
import static dev.cdcwatch.engine.rules.promql.ValueType.SCALAR;
import static dev.cdcwatch.engine.rules.promql.ValueType.VECTOR;

/** The supported PromQL functions with their argument and result types. */
public enum Function {
    RATE("rate", VECTOR, MATRIX),
    INCREASE("increase", VECTOR, MATRIX),
    DELTA("delta", VECTOR, MATRIX),
    CHANGES("changes", VECTOR, MATRIX),
    RESETS("resets", VECTOR, MATRIX),
    MAX_OVER_TIME("max_over_time", VECTOR, MATRIX),
    MIN_OVER_TIME("min_over_time", VECTOR, MATRIX),
    AVG_OVER_TIME("avg_over_time", VECTOR, MATRIX),
    SUM_OVER_TIME("sum_over_time", VECTOR, MATRIX),
    COUNT_OVER_TIME("count_over_time", VECTOR, MATRIX),
    LAST_OVER_TIME("last_over_time", VECTOR, MATRIX),
    ABSENT("absent", VECTOR, VECTOR),
    ABSENT_OVER_TIME("absent_over_time", VECTOR, MATRIX),
    TIME("time", SCALAR),
    VECTOR_OF("vector", VECTOR, SCALAR),
    SCALAR_OF("scalar", SCALAR, VECTOR),
    ABS("abs", VECTOR, VECTOR),
    CLAMP_MIN("clamp_min", VECTOR, VECTOR, SCALAR),
    CLAMP_MAX("clamp_max", VECTOR, VECTOR, SCALAR);

    private final String promQlName;
    private final ValueType returns;
    private final List<ValueType> argTypes;

    Function(String promQlName, ValueType returns, ValueType... argTypes) {
        this.promQlName = promQlName;
        this.returns = returns;
        this.argTypes = List.of(argTypes);
    }

    public static Optional<Function> byName(String name) {
        return Arrays.stream(values()).filter(function -> function.promQlName.equals(name)).findFirst();
    }

    public String promQlName() {
        return promQlName;
    }

    public ValueType returns() {
        return returns;
    }

    public List<ValueType> argTypes() {
        return argTypes;
    }
}
