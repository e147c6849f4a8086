package dev.cdcwatch.dashboards.preview;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;

/** Draws one kind of panel's data into the area below its title. */
interface PanelPainter {

    void paint(Graphics2D g, Rectangle area, PanelSpec panel, List<NamedSeries> data);
}
