package dev.cdcwatch.lineage.graph;

/**
 * An edge of the lineage graph.
 *
 * @param id       {@code source->target}
 * @param via      the CDC job of a ROUTE edge, the Kafka cluster of a CONSUME edge
 * @param declared declared in config: never aged out
 * @param health   the group's latest lag and status on the topic; null on ROUTE edges
 */
public record LineageEdge(String id, String source, String target, EdgeKind kind, String via, boolean declared,
                          long firstSeenMillis, long lastSeenMillis, Health health) {
}
