package dev.cdcwatch.lineage.graph;

import java.util.List;

/**
 * What is connected to a table, topic or group: for a table its downstream topics and groups, for a
 * group its upstream topics and tables, for a topic both. Empty lists when the subject is unknown.
 *
 * @param subject what was asked, e.g. {@code table shop.orders}
 * @param roots   the node(s) asked about; several for a group name used in more than one cluster
 */
public record Impact(String subject, List<LineageNode> roots, List<LineageNode> tables, List<LineageNode> topics,
                     List<LineageNode> groups) {

    public Impact {
        roots = List.copyOf(roots);
        tables = List.copyOf(tables);
        topics = List.copyOf(topics);
        groups = List.copyOf(groups);
    }
}
