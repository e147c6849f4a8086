package dev.cdcwatch.engine.api;

import dev.cdcwatch.engine.series.LabelMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Parses {@code filter} query parameters in Alertmanager's form: {@code alertname="X"}, {@code severity=~"crit.*"}. */
final class LabelFilters {

    private static final Pattern FILTER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"?(.*?)\"?\\s*");

    private LabelFilters() {
    }

    static List<LabelMatcher> parse(List<String> filters) {
        List<LabelMatcher> matchers = new ArrayList<>();
        for (String filter : filters) {
            Matcher matcher = FILTER.matcher(filter);
            if (!matcher.matches()) {
                throw new ApiException(400, "filter '" + filter + "' is not a label matcher such as alertname=\"CdcLag\"");
            }
            LabelMatcher.Type type = switch (matcher.group(2)) {
                case "=" -> LabelMatcher.Type.EQUAL;
                case "!=" -> LabelMatcher.Type.NOT_EQUAL;
                case "=~" -> LabelMatcher.Type.REGEX;
                default -> LabelMatcher.Type.NOT_REGEX;
            };
            try {
                matchers.add(LabelMatcher.of(matcher.group(1), type, matcher.group(3)));
            } catch (PatternSyntaxException e) {
                throw new ApiException(400, "filter '" + filter + "' has an invalid regex: " + e.getDescription());
            }
        }
        return matchers;
    }
}
