package dev.cdcwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A YAML mapping read key by key; every error names the dotted key it is about, e.g.
 * {@code receivers[0].webhook_configs[1].url}. A YAML {@code null} counts as absent.
 *
 * <p>Scalars are read from their text, so {@code port: "8080"} (or a value an
 * {@link EnvironmentResolver} filled in) is the number 8080 and {@code "true"} is true.
 *
 * <p>With an override function every scalar key can be set from the environment, which wins over
 * the file: {@code server.port} by {@code CDCWATCH_SERVER_PORT}, {@code ingest.max-body-bytes} by
 * {@code CDCWATCH_INGEST_MAX_BODY_BYTES} (see {@link #environmentName}); a list of strings is then
 * given comma-separated. Sections and mappings are taken from the file only.
 */
public final class ConfigNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final UnaryOperator<String> NO_OVERRIDES = name -> null;

    private final String path;
    private final JsonNode node;
    private final ConfigException.Factory errors;
    private final UnaryOperator<String> overrides;

    /**
     * @param path      the dotted key of this mapping; empty for the top level
     * @param node      the mapping; null, a YAML null or a missing node reads as an empty mapping
     * @param errors    makes the exception thrown for a bad key, e.g. a module's {@code ConfigException::new}
     * @param overrides maps an environment variable name ({@link #environmentName}) to its value, or null when unset
     */
    public ConfigNode(String path, JsonNode node, ConfigException.Factory errors, UnaryOperator<String> overrides) {
        this.path = path;
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        this.errors = errors;
        this.overrides = overrides == null ? NO_OVERRIDES : overrides;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            throw errors.create(path.isEmpty() ? "(top level)" : path, "must be a mapping, got " + describe(this.node));
        }
    }

    /** Without environment overrides. */
    public ConfigNode(String path, JsonNode node, ConfigException.Factory errors) {
        this(path, node, errors, NO_OVERRIDES);
    }

    /** Without environment overrides, failing with plain {@link ConfigException}s. */
    public ConfigNode(String path, JsonNode node) {
        this(path, node, ConfigException::new);
    }

    /** The environment variable that overrides a key: {@code CDCWATCH_} and the key in upper case, '.' and '-' as '_'. */
    public static String environmentName(String key) {
        return "CDCWATCH_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The dotted key of this mapping; empty for the top level. */
    public String path() {
        return path;
    }

    /** The dotted key of an entry of this mapping. */
    public String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Whether the file sets this key (environment overrides are not consulted). */
    public boolean has(String name) {
        return !value(name).isMissingNode();
    }

    public ConfigNode section(String name) {
        return new ConfigNode(key(name), value(name), errors, overrides);
    }

    /** A list of mappings, each read as a {@link ConfigNode} whose path carries its index; empty when absent. */
    public List<ConfigNode> sections(String name) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw errors.create(key(name), "must be a list, got " + describe(value));
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(new ConfigNode(key(name) + "[" + i + "]", value.get(i), errors, overrides));
        }
        return List.copyOf(items);
    }

    /** Fails on keys this mapping does not define, which catches typos such as {@code hostnme}. */
    public void rejectUnknownKeys(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw errors.create(key(name), "is not a known key (known here: " + new TreeSet<>(known) + ")");
            }
        }
    }

    /** A non-empty string, trimmed, that must be set. */
    public String requiredString(String name) {
        String text = string(name, null);
        if (text == null) {
            throw errors.create(key(name), "is required");
        }
        return text;
    }

    /** A non-empty string, trimmed; {@code fallback} when absent. */
    public String string(String name, String fallback) {
        String text = scalar(name);
        if (text == null) {
            return fallback;
        }
        text = text.trim();
        if (text.isEmpty()) {
            throw errors.create(key(name), "must not be empty");
        }
        return text;
    }

    /** A string that may be absent (null) but not empty. */
    public String optionalString(String name) {
        return string(name, null);
    }

    /** A string as written, which may be empty (a password, say); empty when absent. */
    public Optional<String> optionalText(String name) {
        return Optional.ofNullable(scalar(name));
    }

    public boolean bool(String name, boolean fallback) {
        String text = scalar(name);
        if (text == null) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw errors.create(key(name), "must be true or false, got " + quote(text));
        };
    }

    /** A whole number within {@code [min, max]}. */
    public long number(String name, long fallback, long min, long max) {
        String text = scalar(name);
        if (text == null) {
            return fallback;
        }
        long number;
        try {
            number = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw errors.create(key(name), "must be a whole number, got " + quote(text));
        }
        if (number < min || number > max) {
            throw errors.create(key(name), "must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    /** A whole number within {@code [min, max]}. */
    public int integer(String name, int fallback, int min, int max) {
        return (int) number(name, fallback, min, max);
    }

    /** A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or {@code 1d}. */
    public Duration duration(String name, Duration fallback) {
        return duration(name, fallback, Duration.ZERO);
    }

    /** A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or {@code 1d}, at least {@code min}. */
    public Duration duration(String name, Duration fallback, Duration min) {
        String text = scalar(name);
        if (text == null) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(text.trim());
        Duration duration = null;
        if (matcher.matches()) {
            try {
                long amount = Long.parseLong(matcher.group(1));
                duration = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } catch (ArithmeticException | NumberFormatException e) {
                duration = null;
            }
        }
        if (duration == null) {
            throw errors.create(key(name), "must be a duration such as 500ms, 10s, 5m, 1h or 1d, got " + quote(text));
        }
        if (duration.compareTo(min) < 0) {
            throw errors.create(key(name), "must be at least " + min.toMillis() + "ms, got " + quote(text.trim()));
        }
        return duration;
    }

    /** One of the constants of {@code type}, written in lower case with '-' for '_' ({@code at-least-once}). */
    public <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        String constantName = text.toUpperCase(Locale.ROOT).replace('-', '_');
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(constantName)) {
                return constant;
            }
            allowed.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw errors.create(key(name), "must be one of " + allowed + ", got " + quote(text));
    }

    /** A list of non-empty strings, trimmed; a single string is taken as a list of one; empty when absent. */
    public List<String> strings(String name) {
        return strings(name, List.of());
    }

    /** A list of non-empty strings, trimmed; a single string is taken as a list of one. */
    public List<String> strings(String name, List<String> fallback) {
        String fromEnvironment = override(name);
        if (fromEnvironment != null) {
            return List.of(fromEnvironment.trim().split("\\s*,\\s*"));
        }
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (value.isValueNode()) {
            return List.of(string(name, null));
        }
        if (!value.isArray()) {
            throw errors.create(key(name), "must be a list, got " + describe(value));
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.asText().isBlank()) {
                throw errors.create(key(name) + "[" + i + "]", "must be a non-empty string, got " + describe(item));
            }
            items.add(item.asText().trim());
        }
        return List.copyOf(items);
    }

    /** A mapping of single values, as written (a YAML null reads as ""), in file order; empty when absent. */
    public Map<String, String> stringMap(String name) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw errors.create(key(name), "must be a mapping, got " + describe(value));
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(entry -> {
            JsonNode item = entry.getValue();
            if (!item.isValueNode()) {
                throw errors.create(key(name) + "." + entry.getKey(), "must be a single value, got " + describe(item));
            }
            map.put(entry.getKey(), item.isNull() ? "" : item.asText());
        });
        return Collections.unmodifiableMap(map);
    }

    /** A mapping whose values are strings or lists of strings, a string "a,b" counting as a list; in file order. */
    public Map<String, List<String>> stringListMap(String name) {
        ConfigNode map = section(name);
        Map<String, List<String>> result = new LinkedHashMap<>();
        map.node.fieldNames().forEachRemaining(entry -> {
            List<String> values = new ArrayList<>();
            for (String item : map.strings(entry)) {
                for (String part : item.split(",")) {
                    if (!part.isBlank()) {
                        values.add(part.trim());
                    }
                }
            }
            result.put(entry, List.copyOf(values));
        });
        return Collections.unmodifiableMap(result);
    }

    /** A regular expression; {@code fallback} (also compiled) when absent. */
    public Pattern regex(String name, String fallback) {
        return compile(name, string(name, fallback));
    }

    public Optional<Pattern> optionalRegex(String name) {
        return Optional.ofNullable(string(name, null)).map(regex -> compile(name, regex));
    }

    private Pattern compile(String name, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw errors.create(key(name), "is not a valid regular expression '" + regex + "': " + e.getDescription());
        }
    }

    private JsonNode value(String name) {
        JsonNode value = node.path(name);
        return value.isNull() ? MissingNode.getInstance() : value;
    }

    private String override(String name) {
        return overrides.apply(environmentName(key(name)));
    }

    /** The text of a scalar key as written, the environment winning over the file; null when neither sets it. */
    private String scalar(String name) {
        String fromEnvironment = override(name);
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw errors.create(key(name), "must be a single value, got " + describe(value));
        }
        return value.asText();
    }

    private static String quote(String text) {
        return "'" + text + "'";
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return quote(value.asText());
    }
}
