package dev.cdcwatch.engine.rules.template;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code printf} for the verbs alert texts use: v, s, q, d, f, F, e, E, g, G, x and %%. */
final class GoPrintf {

    private static final Pattern DIRECTIVE = Pattern.compile("%([-+# 0]*)(\\d+)?(?:\\.(\\d+))?([a-zA-Z%])");

    private GoPrintf() {
    }

    static String format(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        Matcher matcher = DIRECTIVE.matcher(format);
        int last = 0;
        int next = 0;
        while (matcher.find()) {
            out.append(format, last, matcher.start());
            last = matcher.end();
            char verb = matcher.group(4).charAt(0);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            out.append(one(matcher.group(1), matcher.group(2), matcher.group(3), verb, args.get(next++)));
        }
        out.append(format.substring(last));
        for (int i = next; i < args.size(); i++) {
            out.append(i == next ? "%!(EXTRA " : ", ").append(typeName(args.get(i))).append('=').append(GoFormat.value(args.get(i)));
            if (i == args.size() - 1) {
                out.append(')');
            }
        }
        return out.toString();
    }

    private static String one(String flags, String width, String precision, char verb, Object arg) {
        String javaSpec = "%" + flags + (width == null ? "" : width) + (precision == null ? "" : "." + precision);
        boolean number = arg instanceof Number;
        String text = switch (verb) {
            case 'v' -> GoFormat.value(arg);
            case 's' -> number ? bad(verb, arg) : String.valueOf(arg);
            case 'q' -> "\"" + String.valueOf(arg).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 'd' -> arg instanceof Long value ? String.format(Locale.ROOT, javaSpec + "d", value) : bad(verb, arg);
            case 'x' -> arg instanceof Long value ? String.format(Locale.ROOT, javaSpec + "x", value) : bad(verb, arg);
            case 'f', 'F', 'e', 'E' -> number
                    ? String.format(Locale.ROOT, javaSpec + (verb == 'F' ? 'f' : verb), ((Number) arg).doubleValue())
                    : bad(verb, arg);
            case 'g', 'G' -> number ? general(((Number) arg).doubleValue(), precision, verb) : bad(verb, arg);
            default -> bad(verb, arg);
        };
        if (verb == 'f' || verb == 'F' || verb == 'e' || verb == 'E' || verb == 'd' || verb == 'x') {
            return text;
        }
        return width == null ? text : pad(text, Integer.parseInt(width), flags.contains("-"));
    }

    private static String general(double value, String precision, char verb) {
        String text = precision == null ? GoFormat.shortest(value) : GoFormat.general(value, Integer.parseInt(precision));
        return verb == 'G' ? text.toUpperCase(Locale.ROOT) : text;
    }

    private static String pad(String text, int width, boolean left) {
        if (text.length() >= width) {
            return text;
        }
        String padding = " ".repeat(width - text.length());
        return left ? text + padding : padding + text;
    }

    private static String bad(char verb, Object arg) {
        return "%!" + verb + "(" + typeName(arg) + "=" + GoFormat.value(arg) + ")";
    }

    private static String typeName(Object arg) {
        return arg instanceof Double ? "float64" : arg instanceof Long ? "int" : arg instanceof String ? "string"
                : arg instanceof Boolean ? "bool" : "map[string]string";
    }
}
