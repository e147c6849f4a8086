package dev.cdcwatch.dashboards.preview;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Grafana's node graph, laid out in columns by node kind (tables, then topics, then consumer
 * groups) since lineage flows one way; Grafana itself uses a force layout.
 */
final class NodeGraphPainter implements PanelPainter {

    private static final int RADIUS = 16;
    private static final List<String> COLUMNS = List.of("table", "topic", "group");

    private final NodeGraphData graph;

    NodeGraphPainter(NodeGraphData graph) {
        this.graph = graph;
    }

    @Override
    public void paint(Graphics2D g, Rectangle area, PanelSpec panel, List<NamedSeries> data) {
        Map<Integer, List<NodeGraphData.Node>> byColumn = new HashMap<>();
        graph.nodes().forEach(node -> byColumn.computeIfAbsent(column(node), c -> new ArrayList<>()).add(node));
        Map<String, Point> centers = new HashMap<>();
        int columnWidth = area.width / COLUMNS.size();
        byColumn.forEach((column, nodes) -> {
            int rowHeight = area.height / nodes.size();
            for (int i = 0; i < nodes.size(); i++) {
                centers.put(nodes.get(i).id(), new Point(area.x + column * columnWidth + columnWidth / 2, area.y + i * rowHeight + rowHeight / 2 - 8));
            }
        });
        g.setFont(Theme.BODY);
        g.setStroke(new BasicStroke(1.2f));
        for (NodeGraphData.Edge edge : graph.edges()) {
            Point from = centers.get(edge.source());
            Point to = centers.get(edge.target());
            if (from == null || to == null) {
                continue;
            }
            g.setColor(Theme.MUTED);
            g.drawLine(from.x + RADIUS, from.y, to.x - RADIUS, to.y);
            g.fillPolygon(new int[]{to.x - RADIUS, to.x - RADIUS - 8, to.x - RADIUS - 8}, new int[]{to.y, to.y - 4, to.y + 4}, 3);
            if (!edge.mainStat().isEmpty()) {
                Text.centered(g, edge.mainStat(), (from.x + to.x) / 2, (from.y + to.y) / 2 - 4, columnWidth - 2 * RADIUS - 20);
            }
        }
        for (NodeGraphData.Node node : graph.nodes()) {
            Point c = centers.get(node.id());
            g.setColor(Theme.PANEL);
            g.fillOval(c.x - RADIUS, c.y - RADIUS, 2 * RADIUS, 2 * RADIUS);
            g.setColor(Theme.color(node.color()));
            g.setStroke(new BasicStroke(4f));
            g.drawOval(c.x - RADIUS, c.y - RADIUS, 2 * RADIUS, 2 * RADIUS);
            g.setStroke(new BasicStroke(1.2f));
            g.setColor(Theme.TEXT);
            Text.centered(g, node.title(), c.x, c.y + RADIUS + 14, columnWidth - 10);
            g.setColor(Theme.MUTED);
            Text.centered(g, node.subTitle() + (node.mainStat().isEmpty() ? "" : " · " + node.mainStat()), c.x, c.y + RADIUS + 27, columnWidth - 10);
        }
    }

    private static int column(NodeGraphData.Node node) {
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (node.subTitle().startsWith(COLUMNS.get(i))) {
                return i;
            }
        }
        return COLUMNS.size() - 1;
    }
}
