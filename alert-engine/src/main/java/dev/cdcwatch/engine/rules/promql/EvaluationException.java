package dev.cdcwatch.engine.rules.promql;

/** An expression that parsed but cannot be evaluated on the data at hand, e.g. many-to-many matching. */
public final class EvaluationException extends RuntimeException {

    public EvaluationException(String message) {
        super(message);
    }
}
