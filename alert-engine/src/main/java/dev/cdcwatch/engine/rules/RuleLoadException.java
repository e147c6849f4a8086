package dev.cdcwatch.engine.rules;

/**
 * A rule file that cannot be loaded. The message names the file, the group and rule, the position
 * (line and column in the file, or the column inside {@code expr}), and what is wrong, e.g.
 * {@code rules.yml: group 'cdc' rule 'CdcLag' line 12 column 9: function 'histogram_quantile' is not supported}.
 */
public final class RuleLoadException extends Exception {

    public RuleLoadException(String message) {
        super(message);
    }

    public RuleLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
