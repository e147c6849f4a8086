package dev.cdcwatch.lineage.graph;

/**
 * A node of the lineage graph.
 *
 * @param id      {@code table:db.table}, {@code topic:name} or {@code group:cluster/name}
 * @param name    {@code db.table}, the topic, or the group id
 * @param cluster the Kafka cluster of a group; null for tables and topics
 * @param health  a group's latest lag and status; null for tables and topics
 */
public record LineageNode(String id, NodeKind kind, String name, String cluster, long firstSeenMillis, long lastSeenMillis,
                          Health health) {
}
