package dev.cdcwatch.dashboards;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query against the cdc-watch engine's JSON endpoints (a panel target or an annotation).
 *
 * @param dashboardUid the dashboard's uid
 * @param source       the panel's title, or {@code annotation <name>}
 * @param url          the URL path, relative to the engine data source's base URL
 * @param format       Infinity's result format, e.g. {@code table}, {@code node-graph-nodes}
 * @param rootSelector where in the response the rows are; empty for a top-level array
 * @param params       the URL parameters Infinity appends, by name, as written (variables not yet filled in)
 * @param columns      the fields the query takes from each row
 */
public record EngineQuery(String dashboardUid, String source, String url, String format, String rootSelector,
                          Map<String, String> params, List<Column> columns) {

    public EngineQuery {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        columns = List.copyOf(columns);
    }

    /**
     * One field of a row.
     *
     * @param selector the path of the field in a row, e.g. {@code labels.job}
     * @param text     the name Grafana gives the field
     * @param type     Infinity's type, e.g. {@code string}, {@code number}, {@code timestamp}
     */
    public record Column(String selector, String text, String type) {
    }

    /** Where the query lives, for error messages. */
    public String location() {
        return "dashboard '" + dashboardUid + "' " + source;
    }
}
