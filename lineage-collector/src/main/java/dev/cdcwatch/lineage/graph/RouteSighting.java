package dev.cdcwatch.lineage.graph;

import dev.cdcwatch.lineage.config.LineageConfig;

import java.util.List;

/** A table -> topic route seen at a time, from a route metric ({@code declared} false) or from config. */
public record RouteSighting(String job, String database, String table, String topic, long timeMillis, boolean declared) {

    /** The edges declared in config, as sightings at {@code timeMillis}. */
    public static List<RouteSighting> declared(List<LineageConfig.DeclaredEdge> edges, long timeMillis) {
        return edges.stream()
                .map(edge -> new RouteSighting(edge.job(), edge.database(), edge.table(), edge.topic(), timeMillis, true))
                .toList();
    }
}
