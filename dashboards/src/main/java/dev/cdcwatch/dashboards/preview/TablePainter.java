package dev.cdcwatch.dashboards.preview;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A Grafana table of an instant query: one row per series, its labels as columns, then its value. */
final class TablePainter implements PanelPainter {

    private static final int ROW_HEIGHT = 18;

    @Override
    public void paint(Graphics2D g, Rectangle area, PanelSpec panel, List<NamedSeries> data) {
        Set<String> labels = new LinkedHashSet<>();
        data.forEach(series -> series.labels().keySet().stream().filter(l -> !l.equals("__name__")).forEach(labels::add));
        List<String> columns = new ArrayList<>(labels);
        columns.add("Value");
        int columnWidth = (area.width - 8) / columns.size();
        g.setFont(Theme.BODY);
        g.setColor(Theme.MUTED);
        for (int c = 0; c < columns.size(); c++) {
            Text.left(g, columns.get(c), area.x + 4 + c * columnWidth, area.y + 13, columnWidth - 6);
        }
        int y = area.y + ROW_HEIGHT;
        for (NamedSeries series : data) {
            if (y + ROW_HEIGHT > area.y + area.height) {
                break;
            }
            g.setColor(Theme.BORDER);
            g.drawLine(area.x + 4, y, area.x + area.width - 4, y);
            g.setColor(Theme.TEXT);
            for (int c = 0; c < columns.size() - 1; c++) {
                Text.left(g, series.labels().getOrDefault(columns.get(c), ""), area.x + 4 + c * columnWidth, y + 13, columnWidth - 6);
            }
            Text.left(g, panel.textOf(series.last()), area.x + 4 + (columns.size() - 1) * columnWidth, y + 13, columnWidth - 6);
            y += ROW_HEIGHT;
        }
    }
}
