package dev.cdcwatch.engine.lineage;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.lineage.graph.LineageEdge;
import dev.cdcwatch.lineage.graph.LineageGraph;
import dev.cdcwatch.lineage.graph.LineageNode;

import java.util.List;

/**
 * The body of {@code GET /api/v1/lineage}: every node and edge as stored, with its health, plus
 * {@code firingAlerts} ({@code count} and distinct alert {@code names}) on it as {@link FiringAlerts} places them.
 */
record LineageView(List<Node> nodes, List<Edge> edges) {

    record Node(@JsonUnwrapped LineageNode node, FiringAlerts.OnElement firingAlerts) {
    }

    record Edge(@JsonUnwrapped LineageEdge edge, FiringAlerts.OnElement firingAlerts) {
    }

    static LineageView of(LineageGraph graph, List<Alert> alerts) {
        FiringAlerts firing = FiringAlerts.of(graph, alerts);
        return new LineageView(
                graph.nodes().stream().map(node -> new Node(node, firing.onNode(node.id()))).toList(),
                graph.edges().stream().map(edge -> new Edge(edge, firing.onEdge(edge))).toList());
    }
}
