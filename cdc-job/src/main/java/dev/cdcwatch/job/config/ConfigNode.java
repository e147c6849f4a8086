package dev.cdcwatch.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A YAML mapping read key by key; every error names the dotted key it is about. */
final class ConfigNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String path;
    private final JsonNode node;

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isNull() && !this.node.isObject()) {
            throw new ConfigException(displayPath(), "must be a mapping, got " + describe(this.node));
        }
    }

    private String displayPath() {
        return path.isEmpty() ? "(top level)" : path;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private JsonNode value(String name) {
        JsonNode value = node.path(name);
        return value.isNull() ? MissingNode.getInstance() : value;
    }

    boolean has(String name) {
        return !value(name).isMissingNode();
    }

    ConfigNode section(String name) {
        return new ConfigNode(key(name), value(name));
    }

    /** Fails on keys this section does not define, which catches typos such as {@code hostnme}. */
    void rejectUnknownKeys(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ConfigException(key(name), "is not a known key (known here: " + new TreeSet<>(known) + ")");
            }
        }
    }

    String requiredString(String name) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            throw new ConfigException(key(name), "is required");
        }
        return scalarText(name, value);
    }

    String string(String name, String fallback) {
        JsonNode value = value(name);
        return value.isMissingNode() ? fallback : scalarText(name, value);
    }

    private String scalarText(String name, JsonNode value) {
        if (!value.isValueNode()) {
            throw new ConfigException(key(name), "must be a single value, got " + describe(value));
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            throw new ConfigException(key(name), "must not be empty");
        }
        return text;
    }

    int integer(String name, int fallback, int min, int max) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new ConfigException(key(name), "must be a whole number, got " + describe(value));
        }
        int number = value.intValue();
        if (number < min || number > max) {
            throw new ConfigException(key(name), "must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    boolean bool(String name, boolean fallback) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new ConfigException(key(name), "must be true or false, got " + describe(value));
        }
        return value.booleanValue();
    }

    Duration duration(String name, Duration fallback) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(value.asText().trim());
        if (!value.isTextual() || !matcher.matches()) {
            throw new ConfigException(key(name), "must be a duration such as 500ms, 10s, 5m, 1h or 1d, got " + describe(value));
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        String text = scalarText(name, value).toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new ConfigException(key(name), "must be one of " + allowed + ", got " + describe(value));
    }

    /** A list of strings; a single string is taken as a list of one. */
    List<String> strings(String name, List<String> fallback) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (value.isValueNode()) {
            return List.of(scalarText(name, value));
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

    /** A list of mappings, each read as a {@link ConfigNode} whose path carries its index. */
    List<ConfigNode> sections(String name) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ConfigException(key(name), "must be a list, got " + describe(value));
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(new ConfigNode(key(name) + "[" + i + "]", value.get(i)));
        }
        return items;
    }

    Map<String, String> stringMap(String name) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new ConfigException(key(name), "must be a mapping, got " + describe(value));
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isValueNode()) {
                throw new ConfigException(key(name) + "." + entry.getKey(), "must be a single value");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        });
        return Map.copyOf(map);
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
