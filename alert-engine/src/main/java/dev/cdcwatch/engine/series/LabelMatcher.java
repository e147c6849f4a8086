package dev.cdcwatch.engine.series;

import java.util.List;
import java.util.regex.Pattern;

/** A PromQL label matcher: {@code =}, {@code !=}, {@code =~}, {@code !~}. Regexes are fully anchored, as in Prometheus. */
public record LabelMatcher(String name, Type type, String value, Pattern pattern) {

    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public static LabelMatcher of(String name, Type type, String value) {
        Pattern pattern = type == Type.REGEX || type == Type.NOT_REGEX ? Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL) : null;
        return new LabelMatcher(name, type, value, pattern);
    }

    /** The matcher {@code __name__="..."} among {@code matchers}, which names the one metric they can select; null if there is none. */
    public static LabelMatcher exactMetricName(List<LabelMatcher> matchers) {
        for (LabelMatcher matcher : matchers) {
            if (matcher.type() == Type.EQUAL && matcher.name().equals(Labels.METRIC_NAME)) {
                return matcher;
            }
        }
        return null;
    }

    /** Whether a label value matches; an absent label is the empty string. */
    public boolean matches(String labelValue) {
        String actual = labelValue == null ? "" : labelValue;
        return switch (type) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_REGEX -> !pattern.matcher(actual).matches();
        };
    }

    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    @Override
    public String toString() {
        return name + type.symbol() + "\"" + value + "\"";
    }
}
