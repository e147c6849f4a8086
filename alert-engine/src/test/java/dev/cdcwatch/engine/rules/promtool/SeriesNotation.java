package dev.cdcwatch.engine.rules.promtool;

import dev.cdcwatch.engine.rules.promql.PromQlParser;
import dev.cdcwatch.engine.rules.promql.PromQlSyntaxException;
import dev.cdcwatch.engine.rules.promql.VectorSelector;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.series.StaleMarker;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * promtool's series notation: {@code metric{a="b"}} for labels and values such as
 * {@code 0+10x5 _ stale 3x2 _x3}. A null value is a missing sample.
 */
final class SeriesNotation {

    private static final String NUMBER = "[-+]?(?:\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?|Inf|NaN)";
    private static final Pattern EXPANDING = Pattern.compile("(" + NUMBER + ")(?:([-+])(\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?))?x(\\d+)");
    private static final Pattern BLANKS = Pattern.compile("_x(\\d+)");

    private SeriesNotation() {
    }

    static Labels labels(String text) throws PromQlSyntaxException {
        if (text.isBlank() || text.replaceAll("\\s", "").equals("{}")) {
            return Labels.EMPTY;
        }
        VectorSelector selector = (VectorSelector) PromQlParser.parse(text);
        TreeMap<String, String> labels = new TreeMap<>();
        for (LabelMatcher matcher : selector.matchers()) {
            labels.put(matcher.name(), matcher.value());
        }
        return Labels.of(labels);
    }

    static List<Double> values(String text) {
        List<Double> values = new ArrayList<>();
        for (String item : text.trim().split("\\s+")) {
            if (item.isEmpty()) {
                continue;
            }
            Matcher expanding = EXPANDING.matcher(item);
            Matcher blanks = BLANKS.matcher(item);
            if (item.equals("_")) {
                values.add(null);
            } else if (item.equals("stale")) {
                values.add(StaleMarker.VALUE);
            } else if (blanks.matches()) {
                for (int i = 0; i < Integer.parseInt(blanks.group(1)); i++) {
                    values.add(null);
                }
            } else if (expanding.matches()) {
                double start = number(expanding.group(1));
                double step = expanding.group(3) == null ? 0 : Double.parseDouble(expanding.group(3));
                if ("-".equals(expanding.group(2))) {
                    step = -step;
                }
                int times = Integer.parseInt(expanding.group(4));
                for (int i = 0; i <= times; i++) {
                    values.add(start + i * step);
                }
            } else {
                values.add(number(item));
            }
        }
        return values;
    }

    private static double number(String text) {
        String unsigned = text.replaceFirst("^[-+]", "");
        double sign = text.startsWith("-") ? -1 : 1;
        return switch (unsigned) {
            case "Inf" -> sign * Double.POSITIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> sign * Double.parseDouble(unsigned);
        };
    }
}
