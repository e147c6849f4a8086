package dev.cdcwatch.dashboards.promql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the selectors and grouping labels of a PromQL expression. It tokenizes rather than parses:
 * enough to know which metric names and labels a dashboard query uses, not whether it is valid
 * PromQL (a real Prometheus tells that).
 */
public final class SelectorScanner {

    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2");

    private final String text;
    private final List<String> tokens;
    private int next;

    private SelectorScanner(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    /** @throws IllegalArgumentException naming the expression if a selector or a grouping clause is malformed */
    public static QueryShape scan(String expr) {
        return new SelectorScanner(expr).scan();
    }

    private QueryShape scan() {
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new HashSet<>();
        while (next < tokens.size()) {
            String token = tokens.get(next++);
            if (token.equals("[")) {
                skipPast("]");
            } else if (token.equals("{")) {
                selectors.add(new Selector("", matchers()));
            } else if (isIdentifier(token)) {
                if (GROUPING.contains(token)) {
                    if (peek("(")) {
                        next++;
                        grouping.addAll(labelList());
                    }
                } else if (!KEYWORDS.contains(token) && !peek("(") && !peek("by") && !peek("without")) {
                    // Followed by "(" it is a function; by "by" or "without" an aggregation such as sum.
                    List<LabelMatcher> matchers = List.of();
                    if (peek("{")) {
                        next++;
                        matchers = matchers();
                    }
                    selectors.add(new Selector(token, matchers));
                }
            }
        }
        return new QueryShape(selectors, grouping);
    }

    private List<LabelMatcher> matchers() {
        List<LabelMatcher> matchers = new ArrayList<>();
        while (!peek("}")) {
            String label = expect("a label name");
            String operator = expect("a matcher operator");
            String value = expect("a quoted value");
            if (!isIdentifier(label) || !operator.matches("=|!=|=~|!~") || !isString(value)) {
                throw malformed("bad label matcher " + label + operator + value);
            }
            matchers.add(new LabelMatcher(label, operator, value.substring(1, value.length() - 1)));
            if (peek(",")) {
                next++;
            }
        }
        next++;
        return matchers;
    }

    private List<String> labelList() {
        List<String> labels = new ArrayList<>();
        while (!peek(")")) {
            String label = expect("a label name");
            if (!label.equals(",")) {
                if (!isIdentifier(label)) {
                    throw malformed("'" + label + "' is not a label name");
                }
                labels.add(label);
            }
        }
        next++;
        return labels;
    }

    private void skipPast(String closing) {
        while (next < tokens.size() && !tokens.get(next).equals(closing)) {
            next++;
        }
        next++;
    }

    private boolean peek(String token) {
        return next < tokens.size() && tokens.get(next).equals(token);
    }

    private String expect(String what) {
        if (next >= tokens.size()) {
            throw malformed("ends where " + what + " was expected");
        }
        return tokens.get(next++);
    }

    private IllegalArgumentException malformed(String problem) {
        return new IllegalArgumentException("PromQL '" + text + "': " + problem);
    }

    private static boolean isIdentifier(String token) {
        return token.matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
    }

    private static boolean isString(String token) {
        return token.length() >= 2 && "\"'`".indexOf(token.charAt(0)) >= 0 && token.charAt(token.length() - 1) == token.charAt(0);
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                i++;
                while (i < text.length() && text.charAt(i) != c) {
                    i += text.charAt(i) == '\\' && c != '`' ? 2 : 1;
                }
                i++;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == ':')) {
                    i++;
                }
            } else if (Character.isDigit(c) || c == '.') {
                // Numbers and durations (5m, 1h30m, 1e3) are one token.
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
            } else if (i + 1 < text.length() && "=!<>".indexOf(c) >= 0 && "=~".indexOf(text.charAt(i + 1)) >= 0) {
                i += 2;
            } else {
                i++;
            }
            tokens.add(text.substring(start, Math.min(i, text.length())));
        }
        return tokens;
    }
}
