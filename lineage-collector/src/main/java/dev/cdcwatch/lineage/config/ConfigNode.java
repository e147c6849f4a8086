package dev.cdcwatch.lineage.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One YAML mapping of the lineage config, read key by key; every error names the dotted key. */
final class ConfigNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String path;
    private final JsonNode node;

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            throw new ConfigException(path.isEmpty() ? "(top level)" : path, "must be a mapping, got " + describe(this.node));
        }
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private JsonNode value(String name) {
        JsonNode value = node.path(name);
        return value.isNull() ? MissingNode.getInstance() : value;
    }

    ConfigNode section(String name) {
        return new ConfigNode(key(name), value(name));
    }

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
        return text(name, value);
    }

    String string(String name, String fallback) {
        JsonNode value = value(name);
        return value.isMissingNode() ? fallback : text(name, value);
    }

    private String text(String name, JsonNode value) {
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
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ConfigException(key(name), "must be a whole number, got " + describe(value));
        }
        int number = value.intValue();
        if (number < min || number > max) {
            throw new ConfigException(key(name), "must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    Duration duration(String name, Duration fallback, Duration min) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(value.asText().trim());
        if (!value.isTextual() || !matcher.matches()) {
            throw new ConfigException(key(name), "must be a duration such as 500ms, 10s, 5m, 1h or 1d, got " + describe(value));
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
            throw new ConfigException(key(name), "must be at least " + min.toMillis() + "ms, got " + value.asText().trim());
        }
        return duration;
    }

    /** A value that may be given as an empty string. */
    Optional<String> optionalText(String name) {
        JsonNode value = value(name);
        if (value.isMissingNode()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw new ConfigException(key(name), "must be a single value, got " + describe(value));
        }
        return Optional.of(value.asText());
    }

    Pattern regex(String name, String fallback) {
        return compile(name, string(name, fallback));
    }

    Optional<Pattern> optionalRegex(String name) {
        return Optional.ofNullable(string(name, null)).map(regex -> compile(name, regex));
    }

    private Pattern compile(String name, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(key(name), "is not a valid regular expression '" + regex + "': " + e.getDescription());
        }
    }

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
                throw new ConfigException(key(name) + "." + entry.getKey(), "must be a single value, got " + describe(entry.getValue()));
            }
            map.put(entry.getKey(), entry.getValue().asText());
        });
        return map;
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
