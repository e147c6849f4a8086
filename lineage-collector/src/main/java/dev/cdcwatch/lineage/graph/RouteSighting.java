package dev.cdcwatch.lineage.graph;

/** A table -> topic route seen at a time, from a route metric ({@code declared} false) or from config. */
public record RouteSighting(String job, String database, String table, String topic, long timeMillis, boolean declared) {
}
