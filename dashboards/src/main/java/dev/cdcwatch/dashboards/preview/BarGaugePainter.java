package dev.cdcwatch.dashboards.preview;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;

/** A Grafana bar gauge: one horizontal bar per series, filled to its last value and coloured by threshold. */
final class BarGaugePainter implements PanelPainter {

    @Override
    public void paint(Graphics2D g, Rectangle area, PanelSpec panel, List<NamedSeries> data) {
        double max = panel.unit().equals("percentunit") ? 1
                : data.stream().mapToDouble(NamedSeries::last).filter(Double::isFinite).max().orElse(1);
        int barHeight = Math.min(30, (area.height - 4) / data.size() - 18);
        int y = area.y + 4;
        g.setFont(Theme.BODY);
        for (NamedSeries series : data) {
            g.setColor(Theme.TEXT);
            Text.left(g, series.name(), area.x + 4, y + 11, area.width - 8);
            y += 15;
            g.setColor(Theme.GRID);
            g.fillRect(area.x + 4, y, area.width - 90, barHeight);
            double value = series.last();
            double fraction = Double.isFinite(value) && max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
            g.setColor(panel.colorOf(value));
            g.fillRect(area.x + 4, y, (int) ((area.width - 90) * fraction), barHeight);
            Text.left(g, panel.textOf(value), area.x + area.width - 82, y + barHeight / 2 + 4, 80);
            y += barHeight + 6;
        }
    }
}
