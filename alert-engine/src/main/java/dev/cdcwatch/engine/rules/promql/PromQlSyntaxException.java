package dev.cdcwatch.engine.rules.promql;

/** An expression outside the supported subset or not valid PromQL, with the 1-based line and column inside the expression. */
public final class PromQlSyntaxException extends Exception {

    private final String reason;
    private final int line;
    private final int column;

    public PromQlSyntaxException(String reason, int line, int column) {
        super("line " + line + " column " + column + ": " + reason);
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
