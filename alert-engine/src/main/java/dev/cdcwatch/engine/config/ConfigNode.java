package dev.cdcwatch.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML mapping read key by key. Every scalar key can be overridden from the environment:
 * {@code server.port} by {@code CDCWATCH_SERVER_PORT}, {@code ingest.max-body-bytes} by
 * {@code CDCWATCH_INGEST_MAX_BODY_BYTES}. Every error names the dotted key it is about.
 * Public so that later sections (receivers, routes) are read the same way.
 */
public final class ConfigNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String path;
    private final JsonNode node;
    private final UnaryOperator<String> environment;

    public ConfigNode(String path, JsonNode node, UnaryOperator<String> environment) {
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.environment = environment;
        if (!this.node.isMissingNode() && !this.node.isNull() && !this.node.isObject()) {
            throw new ConfigException(path.isEmpty() ? "(top level)" : path, "must be a mapping, got " + describe(this.node));
        }
    }

    public String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The environment variable that overrides a key. */
    public static String environmentName(String key) {
        return "CDCWATCH_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private JsonNode raw(String name) {
        JsonNode value = node.path(name);
        return value.isNull() ? MissingNode.getInstance() : value;
    }

    /** Whether the file sets this key (sections such as {@code route} are not taken from the environment). */
    public boolean has(String name) {
        return !raw(name).isMissingNode();
    }

    /** The scalar text of a key, the environment winning over the file; null when neither sets it. */
    private String scalar(String name) {
        String fromEnvironment = environment.apply(environmentName(key(name)));
        if (fromEnvironment != null) {
            return fromEnvironment.trim();
        }
        JsonNode value = raw(name);
        if (value.isMissingNode()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new ConfigException(key(name), "must be a single value, got " + describe(value));
        }
        return value.asText().trim();
    }

    public ConfigNode section(String name) {
        return new ConfigNode(key(name), raw(name), environment);
    }

    /** Fails on keys this section does not define, which catches typos such as {@code prot}. */
    public void rejectUnknownKeys(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ConfigException(key(name), "is not a known key (known here: " + new TreeSet<>(known) + ")");
            }
        }
    }

    public String string(String name, String fallback) {
        String text = scalar(name);
        if (text == null) {
            return fallback;
        }
        if (text.isEmpty()) {
            throw new ConfigException(key(name), "must not be empty");
        }
        return text;
    }

    /** A string that may be absent (null) but not empty. */
    public String optionalString(String name) {
        return string(name, null);
    }

    public boolean bool(String name, boolean fallback) {
        String text = scalar(name);
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key(name), "must be true or false, got '" + text + "'");
        };
    }

    public long number(String name, long fallback, long min, long max) {
        String text = scalar(name);
        if (text == null) {
            return fallback;
        }
        long number;
        try {
            number = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(key(name), "must be a whole number, got '" + text + "'");
        }
        if (number < min || number > max) {
            throw new ConfigException(key(name), "must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    public int integer(String name, int fallback, int min, int max) {
        return (int) number(name, fallback, min, max);
    }

    public Duration duration(String name, Duration fallback, Duration min) {
        String text = scalar(name);
        if (text == null) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new ConfigException(key(name), "must be a duration such as 500ms, 10s, 5m, 1h or 1d, got '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.compareTo(min) < 0) {
            throw new ConfigException(key(name), "must be at least " + min.toMillis() + "ms, got '" + text + "'");
        }
        return duration;
    }

    /** A list of strings; a single string (also from the environment, comma-separated) is taken as a list. */
    public List<String> strings(String name, List<String> fallback) {
        String fromEnvironment = environment.apply(environmentName(key(name)));
        if (fromEnvironment != null) {
            return List.of(fromEnvironment.trim().split("\\s*,\\s*"));
        }
        JsonNode value = raw(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (value.isValueNode()) {
            return List.of(value.asText().trim());
        }
        if (!value.isArray()) {
            throw new ConfigException(key(name), "must be a list, got " + describe(value));
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.asText().isBlank()) {
                throw new ConfigException(key(name) + "[" + i + "]", "must be a non-empty string, got " + describe(item));
            }
            items.add(item.asText().trim());
        }
        return List.copyOf(items);
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "'" + value.asText() + "'";
    }
}
