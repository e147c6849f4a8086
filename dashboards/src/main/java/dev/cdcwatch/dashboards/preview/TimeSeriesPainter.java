package dev.cdcwatch.dashboards.preview;

import dev.cdcwatch.dashboards.prometheus.Sample;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.TimeZone;

/** A Grafana time series panel, drawn with JFreeChart. */
final class TimeSeriesPainter implements PanelPainter {

    @Override
    public void paint(Graphics2D g, Rectangle area, PanelSpec panel, List<NamedSeries> data) {
        TimeSeriesCollection dataset = new TimeSeriesCollection();
        for (NamedSeries series : data) {
            TimeSeries line = new TimeSeries(series.name());
            for (Sample sample : series.samples()) {
                if (Double.isFinite(sample.value())) {
                    line.addOrUpdate(new FixedMillisecond(sample.time().toEpochMilli()), sample.value());
                }
            }
            dataset.addSeries(line);
        }
        JFreeChart chart = ChartFactory.createTimeSeriesChart(null, null, null, dataset, true, false, false);
        chart.setBackgroundPaint(Theme.PANEL);
        chart.setAntiAlias(true);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Theme.PANEL);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinePaint(Theme.GRID);
        plot.setRangeGridlinePaint(Theme.GRID);
        DateAxis time = (DateAxis) plot.getDomainAxis();
        SimpleDateFormat clock = new SimpleDateFormat("HH:mm:ss");
        clock.setTimeZone(TimeZone.getTimeZone("UTC"));
        time.setDateFormatOverride(clock);
        time.setTickLabelPaint(Theme.MUTED);
        time.setTickLabelFont(Theme.BODY);
        time.setAxisLinePaint(Theme.BORDER);
        NumberAxis values = (NumberAxis) plot.getRangeAxis();
        values.setTickLabelPaint(Theme.MUTED);
        values.setTickLabelFont(Theme.BODY);
        values.setAxisLinePaint(Theme.BORDER);
        values.setAutoRangeIncludesZero(true);
        // A flat line at 0 (no sink errors, say) would otherwise get an axis of tiny fractions.
        values.setAutoRangeMinimumSize(panel.unit().equals("percentunit") ? 0.01 : 1);
        values.setNumberFormatOverride(new UnitFormat(panel.unit()));
        XYItemRenderer renderer = plot.getRenderer();
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Theme.series(i));
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        LegendTitle legend = chart.getLegend();
        legend.setBackgroundPaint(Theme.PANEL);
        legend.setItemPaint(Theme.TEXT);
        legend.setItemFont(Theme.BODY);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        chart.draw(g, area);
    }

    /** Axis labels in the panel's unit. */
    private static final class UnitFormat extends NumberFormat {

        private final String unit;

        UnitFormat(String unit) {
            this.unit = unit;
        }

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(Units.format(number, unit));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return format((double) number, toAppendTo, pos);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            throw new UnsupportedOperationException("axis labels are only formatted");
        }
    }
}
