package dev.cdcwatch.lineage.graph;

import java.util.List;
import java.util.Map;

/**
 * The graph in the shape Grafana's Node Graph panel reads (a nodes frame and an edges frame; field
 * names as the panel expects them), for a JSON data source such as Infinity. The {@code arc__}
 * fields of a node add up to 1 and colour its ring.
 */
public record NodeGraph(List<Node> nodes, List<Edge> edges) {

    public NodeGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public record Node(String id, String title, String subTitle, String mainStat, String secondaryStat,
                       double arc__ok, double arc__warn, double arc__error, String color) {
    }

    public record Edge(String id, String source, String target, String mainStat, String secondaryStat) {
    }

    /** Panel field settings (arc colours and legend names) to send beside the frames. */
    public static Map<String, Map<String, String>> fieldConfig() {
        return Map.of(
                "arc__ok", Map.of("displayName", "OK", "color", "green"),
                "arc__warn", Map.of("displayName", "Warning", "color", "orange"),
                "arc__error", Map.of("displayName", "Error or alert firing", "color", "red"));
    }
}
