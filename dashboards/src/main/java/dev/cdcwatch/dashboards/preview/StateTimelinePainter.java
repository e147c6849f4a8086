package dev.cdcwatch.dashboards.preview;

import dev.cdcwatch.dashboards.prometheus.Sample;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.time.Instant;
import java.util.List;

/** A Grafana state timeline: one lane per series, each stretch coloured and named by its value mapping. */
final class StateTimelinePainter implements PanelPainter {

    private static final int LABEL_WIDTH = 110;

    private final Instant start;
    private final Instant end;

    StateTimelinePainter(Instant start, Instant end) {
        this.start = start;
        this.end = end;
    }

    @Override
    public void paint(Graphics2D g, Rectangle area, PanelSpec panel, List<NamedSeries> data) {
        int laneHeight = Math.min(28, (area.height - 4) / data.size());
        int plotX = area.x + LABEL_WIDTH;
        int plotWidth = area.width - LABEL_WIDTH - 4;
        double span = Math.max(1, end.toEpochMilli() - start.toEpochMilli());
        g.setFont(Theme.BODY);
        for (int lane = 0; lane < data.size(); lane++) {
            NamedSeries series = data.get(lane);
            int y = area.y + lane * laneHeight;
            g.setColor(Theme.TEXT);
            Text.left(g, series.name(), area.x + 4, y + laneHeight / 2 + 4, LABEL_WIDTH - 8);
            List<Sample> samples = series.samples();
            for (int i = 0; i < samples.size(); i++) {
                Sample sample = samples.get(i);
                Instant until = i + 1 < samples.size() ? samples.get(i + 1).time() : end;
                int x0 = plotX + (int) ((sample.time().toEpochMilli() - start.toEpochMilli()) / span * plotWidth);
                int x1 = plotX + (int) ((until.toEpochMilli() - start.toEpochMilli()) / span * plotWidth);
                g.setColor(panel.colorOf(sample.value()));
                g.fillRect(x0, y + 2, Math.max(1, x1 - x0), laneHeight - 4);
            }
            if (!samples.isEmpty()) {
                g.setColor(Theme.BACKGROUND);
                Text.left(g, panel.textOf(series.last()), plotX + plotWidth - 100, y + laneHeight / 2 + 4, 96);
            }
        }
    }
}
