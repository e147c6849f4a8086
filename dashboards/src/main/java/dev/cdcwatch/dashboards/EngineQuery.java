package dev.cdcwatch.dashboards;

/**
 * A query against the cdc-watch engine's JSON endpoints (a panel target or an annotation).
 *
 * @param dashboardUid the dashboard's uid
 * @param source       the panel's title, or {@code annotation <name>}
 * @param url          the URL path, relative to the engine data source's base URL
 * @param format       Infinity's result format, e.g. {@code table}, {@code node-graph-nodes}
 * @param rootSelector where in the response the rows are; empty for a top-level array
 */
public record EngineQuery(String dashboardUid, String source, String url, String format, String rootSelector) {
}
