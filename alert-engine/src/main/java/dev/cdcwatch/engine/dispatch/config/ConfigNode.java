package dev.cdcwatch.engine.dispatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
            throw new DispatchConfigException(path, "must be a mapping, got " + describe(this.node));
        }
    }

    String path() {
        return path;
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

    void rejectUnknownKeys(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new DispatchConfigException(key(name), "is not a known key (known here: " + new TreeSet<>(known) + ")");
            }
        }
    }

    String requiredString(String name) {
        if (!has(name)) {
            throw new DispatchConfigException(key(name), "is required");
        }
        return string(name, null);
    }

    String string(String name, String fallback) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw new DispatchConfigException(key(name), "must be a non-empty single value, got " + describe(value));
        }
        return value.asText().trim();
    }

    boolean bool(String name, boolean fallback) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new DispatchConfigException(key(name), "must be true or false, got " + describe(value));
        }
        return value.booleanValue();
    }

    int integer(String name, int fallback, int min, int max) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw new DispatchConfigException(key(name), "must be a whole number between " + min + " and " + max + ", got " + describe(value));
        }
        return value.intValue();
    }

    Duration duration(String name, Duration fallback) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(value.asText().trim());
        if (!value.isTextual() || !matcher.matches()) {
            throw new DispatchConfigException(key(name), "must be a duration such as 500ms, 10s, 5m, 1h or 1d, got " + describe(value));
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

    /** A list of strings; a single string is taken as a list of one. */
    List<String> strings(String name) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return List.of();
        }
        if (value.isValueNode()) {
            return List.of(string(name, null));
        }
        if (!value.isArray()) {
            throw new DispatchConfigException(key(name), "must be a list, got " + describe(value));
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.asText().isBlank()) {
                throw new DispatchConfigException(key(name) + "[" + i + "]", "must be a non-empty string, got " + describe(item));
            }
            items.add(item.asText().trim());
        }
        return List.copyOf(items);
    }

    List<ConfigNode> sections(String name) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new DispatchConfigException(key(name), "must be a list, got " + describe(value));
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(new ConfigNode(key(name) + "[" + i + "]", value.get(i)));
        }
        return items;
    }

    /** A mapping whose values are strings or lists of strings (a string "a,b" counts as a list). */
    Map<String, List<String>> stringListMap(String name) {
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
        return result;
    }

    Map<String, String> stringMap(String name) {
        ConfigNode map = section(name);
        Map<String, String> result = new LinkedHashMap<>();
        map.node.fieldNames().forEachRemaining(entry -> result.put(entry, map.string(entry, "")));
        return result;
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
