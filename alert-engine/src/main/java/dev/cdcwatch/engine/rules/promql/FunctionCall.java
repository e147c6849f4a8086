package dev.cdcwatch.engine.rules.promql;

import java.time.Duration;
import java.util.List;

public record FunctionCall(Function function, List<Expr> args) implements Expr {

    public FunctionCall {
        args = List.copyOf(args);
    }

    @Override
    public Duration maxRange(Duration lookbackDelta) {
        return args.stream().map(arg -> arg.maxRange(lookbackDelta)).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    @Override
    public ValueType type() {
        return function.returns();
    }
}
