package dev.cdcwatch.engine.rules.promql;

/** Parses the supported subset of PromQL into an {@link Expr}; anything else is rejected with its position. */
public final class PromQlParser {

    private PromQlParser() {
    }

    public static Expr parse(String text) throws PromQlSyntaxException {
        throw new PromQlSyntaxException("parser not implemented yet", 1, 1);
    }
}
