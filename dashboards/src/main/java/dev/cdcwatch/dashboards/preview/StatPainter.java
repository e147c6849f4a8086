package dev.cdcwatch.dashboards.preview;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;

/** A Grafana stat panel: one tile per series with its last value, coloured by mapping or threshold. */
final class StatPainter implements PanelPainter {

    @Override
    public void paint(Graphics2D g, Rectangle area, PanelSpec panel, List<NamedSeries> data) {
        int gap = 4;
        int tileWidth = (area.width - gap * (data.size() - 1)) / data.size();
        for (int i = 0; i < data.size(); i++) {
            NamedSeries series = data.get(i);
            Rectangle tile = new Rectangle(area.x + i * (tileWidth + gap), area.y, tileWidth, area.height);
            Color color = panel.colorOf(series.last());
            g.setColor(color.darker().darker());
            g.fillRoundRect(tile.x, tile.y, tile.width, tile.height, 6, 6);
            g.setColor(Theme.TEXT);
            g.setFont(Theme.BODY);
            Text.centered(g, series.name(), tile.x + tile.width / 2, tile.y + 16, tile.width - 6);
            int size = Math.max(12, Math.min(32, tile.height / 2));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            g.setColor(color.brighter());
            Text.centered(g, panel.textOf(series.last()), tile.x + tile.width / 2, tile.y + tile.height / 2 + size / 2 + 6, tile.width - 6);
        }
    }
}
