package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.series.LabelMatcher;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Alertmanager matcher strings such as {@code severity="critical"}, {@code team=~"cdc|dba"}, {@code env!=dev}. */
public final class Matchers {

    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|([^\"\\s]*))\\s*");

    private Matchers() {
    }

    /** Parses one matcher; the exception message says what is wrong, the caller adds where. */
    public static LabelMatcher parse(String text) {
        Matcher matcher = MATCHER.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("is not a matcher such as name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\": '" + text + "'");
        }
        String value = matcher.group(4) != null ? matcher.group(4).replace("\\\"", "\"").replace("\\\\", "\\") : matcher.group(5);
        LabelMatcher.Type type = switch (matcher.group(2)) {
            case "=" -> LabelMatcher.Type.EQUAL;
            case "!=" -> LabelMatcher.Type.NOT_EQUAL;
            case "=~" -> LabelMatcher.Type.REGEX;
            default -> LabelMatcher.Type.NOT_REGEX;
        };
        try {
            return LabelMatcher.of(matcher.group(1), type, value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("has an invalid regular expression '" + value + "': " + e.getDescription());
        }
    }

    public static boolean matchAll(List<LabelMatcher> matchers, Map<String, String> labels) {
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels.get(matcher.name()))) {
                return false;
            }
        }
        return true;
    }
}
