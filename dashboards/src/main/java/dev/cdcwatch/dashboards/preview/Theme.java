package dev.cdcwatch.dashboards.preview;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;

/** Colours and fonts close to Grafana's dark theme, so a preview reads like the real dashboard. */
final class Theme {

    static final Color BACKGROUND = new Color(0x11, 0x12, 0x17);
    static final Color PANEL = new Color(0x18, 0x1b, 0x1f);
    static final Color BORDER = new Color(0x2a, 0x2d, 0x33);
    static final Color GRID = new Color(0x2f, 0x32, 0x38);
    static final Color TEXT = new Color(0xcc, 0xcc, 0xdc);
    static final Color MUTED = new Color(0x8e, 0x8e, 0x9e);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    static final Font BODY = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 18);

    /** Grafana's classic palette, in the order it gives series their colours. */
    static final List<Color> SERIES = List.of(
            new Color(0x73, 0xbf, 0x69), new Color(0xf2, 0xcc, 0x0c), new Color(0x8a, 0xb8, 0xff), new Color(0xff, 0x78, 0x0a),
            new Color(0xf2, 0x49, 0x5c), new Color(0x57, 0x94, 0xf2), new Color(0xb8, 0x77, 0xd9), new Color(0x70, 0x5d, 0xa0));

    private static final Map<String, Color> NAMED = Map.of(
            "green", new Color(0x73, 0xbf, 0x69), "red", new Color(0xf2, 0x49, 0x5c), "orange", new Color(0xff, 0x98, 0x30),
            "yellow", new Color(0xfa, 0xde, 0x2a), "blue", new Color(0x57, 0x94, 0xf2), "purple", new Color(0xb8, 0x77, 0xd9),
            "text", new Color(0xcc, 0xcc, 0xdc));

    private Theme() {
    }

    /** A Grafana colour name or {@code #rrggbb}; unknown names fall back to the text colour. */
    static Color color(String name) {
        if (name != null && name.matches("#[0-9a-fA-F]{6}")) {
            return Color.decode(name);
        }
        return NAMED.getOrDefault(name, TEXT);
    }

    static Color series(int index) {
        return SERIES.get(index % SERIES.size());
    }
}
