package dev.cdcwatch.lineage.graph;

import dev.cdcwatch.lineage.lag.GroupStatus;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the Node Graph form of the lineage graph. A group's ring shows its status; any node with
 * alerts firing (counts supplied by the engine, keyed by node id) turns red whatever its status.
 */
public final class NodeGraphView {

    private NodeGraphView() {
    }

    public static NodeGraph of(LineageGraph graph, Map<String, Integer> firingAlertsByNode) {
        List<NodeGraph.Node> nodes = graph.nodes().stream().map(node -> node(node, firingAlertsByNode.getOrDefault(node.id(), 0))).toList();
        List<NodeGraph.Edge> edges = graph.edges().stream().map(NodeGraphView::edge).toList();
        return new NodeGraph(nodes, edges);
    }

    private static NodeGraph.Node node(LineageNode node, int alerts) {
        GroupStatus status = node.health() == null ? GroupStatus.OK : node.health().status();
        String subTitle = switch (node.kind()) {
            case TABLE -> "table";
            case TOPIC -> "topic";
            case GROUP -> "group @ " + node.cluster();
        };
        String mainStat = node.health() == null ? "" : node.health().lagRecords() + " records behind";
        String secondaryStat = node.health() == null ? "" : seconds(node.health().lagSeconds()) + " behind, " + status;
        if (alerts > 0) {
            secondaryStat = (secondaryStat.isEmpty() ? "" : secondaryStat + ", ") + alerts + (alerts == 1 ? " alert" : " alerts") + " firing";
        }
        boolean error = alerts > 0 || status.code() >= GroupStatus.STALL.code();
        boolean warn = !error && status == GroupStatus.WARN;
        return new NodeGraph.Node(node.id(), node.name(), subTitle, mainStat, secondaryStat,
                error || warn ? 0 : 1, warn ? 1 : 0, error ? 1 : 0, error ? "red" : warn ? "orange" : "green");
    }

    private static NodeGraph.Edge edge(LineageEdge edge) {
        if (edge.health() == null) {
            return new NodeGraph.Edge(edge.id(), edge.source(), edge.target(), "routed by " + edge.via(), edge.declared() ? "declared" : "");
        }
        return new NodeGraph.Edge(edge.id(), edge.source(), edge.target(),
                edge.health().lagRecords() + " records / " + seconds(edge.health().lagSeconds()),
                edge.health().status().name());
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1fs", seconds);
    }
}
