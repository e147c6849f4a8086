package dev.cdcwatch.engine.lineage;

import dev.cdcwatch.catalog.metrics.Labels;
import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.alerts.AlertState;
import dev.cdcwatch.engine.dispatch.LineageInhibition;
import dev.cdcwatch.lineage.graph.LineageEdge;
import dev.cdcwatch.lineage.graph.LineageGraph;
import dev.cdcwatch.lineage.graph.LineageNode;
import dev.cdcwatch.lineage.graph.NodeKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which firing alerts are on which node and edge of the graph. An alert is on the node its labels name
 * ({@code database} and {@code table}, {@code topic}, {@code group}; a group by id in any cluster) and on
 * every node its lineage annotations name (those up- and downstream of it); it is on an edge when it is
 * on both of the edge's ends.
 */
final class FiringAlerts {

    /** The alerts on one node or edge: how many, and their distinct alert names. */
    record OnElement(int count, List<String> names) {

        static final OnElement NONE = new OnElement(0, List.of());
    }

    private final Map<String, Set<Alert>> byNode;

    private FiringAlerts(Map<String, Set<Alert>> byNode) {
        this.byNode = byNode;
    }

    static FiringAlerts of(LineageGraph graph, List<Alert> alerts) {
        Map<String, List<String>> nodeIdsByName = new HashMap<>();
        for (LineageNode node : graph.nodes()) {
            nodeIdsByName.computeIfAbsent(node.kind() + ":" + node.name(), name -> new ArrayList<>()).add(node.id());
        }
        Map<String, Set<Alert>> byNode = new HashMap<>();
        for (Alert alert : alerts) {
            if (alert.state() != AlertState.FIRING) {
                continue;
            }
            for (String name : lineageNames(alert)) {
                for (String id : nodeIdsByName.getOrDefault(name, List.of())) {
                    byNode.computeIfAbsent(id, key -> new LinkedHashSet<>()).add(alert);
                }
            }
        }
        return new FiringAlerts(byNode);
    }

    OnElement onNode(String nodeId) {
        return summary(byNode.getOrDefault(nodeId, Set.of()));
    }

    OnElement onEdge(LineageEdge edge) {
        Set<Alert> both = new LinkedHashSet<>(byNode.getOrDefault(edge.source(), Set.of()));
        both.retainAll(byNode.getOrDefault(edge.target(), Set.of()));
        return summary(both);
    }

    /** Firing alerts per node id, for the Node Graph form. */
    Map<String, Integer> countsByNode() {
        Map<String, Integer> counts = new HashMap<>();
        byNode.forEach((id, alerts) -> counts.put(id, alerts.size()));
        return counts;
    }

    private static OnElement summary(Set<Alert> alerts) {
        if (alerts.isEmpty()) {
            return OnElement.NONE;
        }
        TreeSet<String> names = new TreeSet<>();
        alerts.forEach(alert -> names.add(alert.ruleName()));
        return new OnElement(alerts.size(), List.copyOf(names));
    }

    /** {@code kind:name} of the node the alert's labels name and of every node its lineage annotations name. */
    private static Set<String> lineageNames(Alert alert) {
        Set<String> names = new LinkedHashSet<>();
        String database = alert.labels().get(Labels.DATABASE);
        String table = alert.labels().get(Labels.TABLE);
        if (database != null && table != null) {
            names.add(NodeKind.TABLE + ":" + database + "." + table);
        }
        add(names, NodeKind.TOPIC, alert.labels().get(Labels.TOPIC));
        add(names, NodeKind.GROUP, alert.labels().get(Labels.GROUP));
        add(names, NodeKind.TABLE, alert.annotations().get(LineageInhibition.UPSTREAM_TABLES));
        add(names, NodeKind.TOPIC, alert.annotations().get(LineageInhibition.DOWNSTREAM_TOPICS));
        add(names, NodeKind.GROUP, alert.annotations().get(LineageInhibition.DOWNSTREAM_GROUPS));
        return names;
    }

    private static void add(Set<String> names, NodeKind kind, String commaSeparated) {
        if (commaSeparated == null) {
            return;
        }
        for (String name : commaSeparated.split(",")) {
            if (!name.isBlank()) {
                names.add(kind + ":" + name.trim());
            }
        }
    }
}
