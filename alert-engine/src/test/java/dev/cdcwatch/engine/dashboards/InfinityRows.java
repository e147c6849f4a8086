package dev.cdcwatch.engine.dashboards;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows Grafana's Infinity data source (backend parser) takes from a JSON response, for the
 * selectors the dashboards use: it tries the root selector as a gjson path ({@code nodes},
 * {@code a.b}) and otherwise as JSONata, of which only a filter of the top-level array
 * ({@code $[state='firing']}) is supported here. Column selectors are gjson paths.
 */
final class InfinityRows {

    private static final Pattern FILTER = Pattern.compile("\\$\\[(\\w+)\\s*=\\s*'([^']*)']");

    private InfinityRows() {
    }

    /** @throws IllegalArgumentException for a selector outside the subset, so a new dashboard selector gets noticed */
    static List<JsonNode> rows(JsonNode response, String rootSelector) {
        if (rootSelector.isEmpty()) {
            return asRows(response);
        }
        Optional<JsonNode> byPath = field(response, rootSelector);
        if (byPath.isPresent()) {
            return asRows(byPath.get());
        }
        Matcher filter = FILTER.matcher(rootSelector);
        if (!filter.matches()) {
            throw new IllegalArgumentException("root selector '" + rootSelector + "' is neither a path in the response nor a supported JSONata filter");
        }
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode row : asRows(response)) {
            if (row.path(filter.group(1)).isTextual() && row.path(filter.group(1)).asText().equals(filter.group(2))) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** The value at a dotted path ({@code labels.job}); a JSON null is present, a missing key is not. */
    static Optional<JsonNode> field(JsonNode row, String path) {
        JsonNode node = row;
        for (String key : path.split("\\.")) {
            if (!node.isObject() || !node.has(key)) {
                return Optional.empty();
            }
            node = node.get(key);
        }
        return Optional.of(node);
    }

    /** Infinity reads an array as rows and a single object as one row. */
    private static List<JsonNode> asRows(JsonNode node) {
        List<JsonNode> rows = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(rows::add);
        } else if (node.isObject()) {
            rows.add(node);
        }
        return rows;
    }
}
