package dev.cdcwatch.dashboards.preview;

import java.util.List;

/**
 * A lineage graph in the shape the engine serves at {@code /api/v1/lineage/graph} (Grafana Node
 * Graph fields), for drawing the node graph panel in a preview.
 */
public record NodeGraphData(List<Node> nodes, List<Edge> edges) {

    public NodeGraphData {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** @param subTitle the node's kind as shown, e.g. {@code table}, {@code topic}, {@code group @ main}
     *  @param color    a Grafana colour name for the node's ring */
    public record Node(String id, String title, String subTitle, String mainStat, String color) {
    }

    public record Edge(String source, String target, String mainStat) {
    }
}
