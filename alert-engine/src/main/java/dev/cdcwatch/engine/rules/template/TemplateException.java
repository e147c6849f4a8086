package dev.cdcwatch.engine.rules.template;

/** A template that does not parse, with the 1-based column inside the template text. */
public final class TemplateException extends Exception {

    private final int column;

    public TemplateException(String reason, int column) {
        super("column " + column + ": " + reason);
        this.column = column;
    }

    public int column() {
        return column;
    }
}
