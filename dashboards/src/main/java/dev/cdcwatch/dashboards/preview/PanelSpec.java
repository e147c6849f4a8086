package dev.cdcwatch.dashboards.preview;

import java.awt.Color;
import java.util.List;
import java.util.Map;

/**
 * What the preview needs of one panel.
 *
 * @param type       Grafana's panel type ({@code timeseries}, {@code stat}, {@code row}, ...)
 * @param title      the panel's title
 * @param x          grid column (of 24)
 * @param y          grid row
 * @param w          width in grid columns
 * @param h          height in grid rows
 * @param engineFed  whether its data comes from the engine rather than Prometheus
 * @param targets    its PromQL queries
 * @param unit       Grafana unit of its values
 * @param mappings   value mappings: exact value (as text) to what to show
 * @param thresholds colour steps, lowest first
 */
record PanelSpec(String type, String title, int x, int y, int w, int h, boolean engineFed, List<Target> targets, String unit,
                 Map<String, Mapping> mappings, List<Step> thresholds) {

    record Target(String expr, String legendFormat, boolean instant) {
    }

    record Mapping(String text, Color color) {
    }

    record Step(double from, Color color) {
    }

    /** The colour Grafana gives a value: its mapping's, else its threshold step's. */
    Color colorOf(double value) {
        Mapping mapping = mappings.get(key(value));
        if (mapping != null) {
            return mapping.color();
        }
        Color color = thresholds.isEmpty() ? Theme.TEXT : thresholds.get(0).color();
        for (Step step : thresholds) {
            if (value >= step.from()) {
                color = step.color();
            }
        }
        return color;
    }

    /** The text Grafana shows for a value: its mapping's, else the value in the panel's unit. */
    String textOf(double value) {
        Mapping mapping = mappings.get(key(value));
        return mapping != null ? mapping.text() : Units.format(value, unit);
    }

    private static String key(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
