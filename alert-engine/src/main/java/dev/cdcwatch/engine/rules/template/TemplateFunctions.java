package dev.cdcwatch.engine.rules.template;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The functions alert templates may call: Prometheus's humanizers plus the Go built-ins alert texts use. */
final class TemplateFunctions {

    private static final Set<String> NAMES = Set.of("humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp",
            "printf", "print", "toUpper", "toLower", "title", "index", "len", "not", "and", "or",
            "eq", "ne", "lt", "le", "gt", "ge", "reReplaceAll", "match");

    private TemplateFunctions() {
    }

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    static Object call(String name, List<Object> args) {
        return switch (name) {
            case "humanize" -> Humanize.humanize(toFloat(one(name, args)));
            case "humanize1024" -> Humanize.humanize1024(toFloat(one(name, args)));
            case "humanizeDuration" -> Humanize.humanizeDuration(toFloat(one(name, args)));
            case "humanizePercentage" -> Humanize.humanizePercentage(toFloat(one(name, args)));
            case "humanizeTimestamp" -> Humanize.humanizeTimestamp(toFloat(one(name, args)));
            case "printf" -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("wrong number of args for printf: want at least 1 got 0");
                }
                yield GoPrintf.format(String.valueOf(args.get(0)), args.subList(1, args.size()));
            }
            case "print" -> String.join(" ", args.stream().map(GoFormat::value).toList());
            case "toUpper" -> string(one(name, args)).toUpperCase(Locale.ROOT);
            case "toLower" -> string(one(name, args)).toLowerCase(Locale.ROOT);
            case "title" -> title(string(one(name, args)));
            case "index" -> index(args);
            case "len" -> (long) (one(name, args) instanceof Map<?, ?> map ? map.size() : string(args.get(0)).length());
            case "not" -> !Template.truthy(one(name, args));
            case "and" -> args.stream().filter(arg -> !Template.truthy(arg)).findFirst().orElse(args.get(args.size() - 1));
            case "or" -> args.stream().filter(Template::truthy).findFirst().orElse(args.get(args.size() - 1));
            case "eq" -> compare(name, args) == 0;
            case "ne" -> compare(name, args) != 0;
            case "lt" -> compare(name, args) < 0;
            case "le" -> compare(name, args) <= 0;
            case "gt" -> compare(name, args) > 0;
            case "ge" -> compare(name, args) >= 0;
            case "reReplaceAll" -> Pattern.compile(string(args.get(0))).matcher(string(args.get(2)))
                    .replaceAll(string(args.get(1)).replaceAll("\\$\\{?(\\d+)}?", "\\$$1"));
            case "match" -> Pattern.compile(string(args.get(0))).matcher(string(args.get(1))).find();
            default -> throw new IllegalArgumentException("function \"" + name + "\" not defined");
        };
    }

    static double toFloat(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + text + "\": invalid syntax");
            }
        }
        throw new IllegalArgumentException("can't convert " + value + " to float");
    }

    private static Object one(String name, List<Object> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("wrong number of args for " + name + ": want 1 got " + args.size());
        }
        return args.get(0);
    }

    private static String string(Object value) {
        return value instanceof String text ? text : GoFormat.value(value);
    }

    private static Object index(List<Object> args) {
        if (args.size() != 2 || !(args.get(0) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("index needs a map and a key");
        }
        Object value = map.get(string(args.get(1)));
        return value == null ? "" : value;
    }

    private static int compare(String name, List<Object> args) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("wrong number of args for " + name + ": want 2 got " + args.size());
        }
        Object left = args.get(0);
        Object right = args.get(1);
        if (left instanceof Number a && right instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (left instanceof String a && right instanceof String b) {
            return a.compareTo(b);
        }
        if (left instanceof Boolean a && right instanceof Boolean b && (name.equals("eq") || name.equals("ne"))) {
            return a.equals(b) ? 0 : 1;
        }
        throw new IllegalArgumentException("incompatible types for comparison in " + name);
    }

    private static String title(String text) {
        StringBuilder result = new StringBuilder(text.length());
        boolean start = true;
        for (char c : text.toCharArray()) {
            result.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return result.toString();
    }
}
