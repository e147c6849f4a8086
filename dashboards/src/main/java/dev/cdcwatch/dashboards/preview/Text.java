package dev.cdcwatch.dashboards.preview;

import java.awt.FontMetrics;
import java.awt.Graphics2D;

/** Text drawing helpers that keep text inside its box. */
final class Text {

    private Text() {
    }

    static void centered(Graphics2D g, String text, int centerX, int baseline, int maxWidth) {
        String fitted = fit(g, text, maxWidth);
        g.drawString(fitted, centerX - g.getFontMetrics().stringWidth(fitted) / 2, baseline);
    }

    static void left(Graphics2D g, String text, int x, int baseline, int maxWidth) {
        g.drawString(fit(g, text, maxWidth), x, baseline);
    }

    /** The text, shortened with an ellipsis if it is wider than {@code maxWidth}. */
    static String fit(Graphics2D g, String text, int maxWidth) {
        FontMetrics metrics = g.getFontMetrics();
        if (metrics.stringWidth(text) <= maxWidth) {
            return text;
        }
        String shortened = text;
        while (shortened.length() > 1 && metrics.stringWidth(shortened + "…") > maxWidth) {
            shortened = shortened.substring(0, shortened.length() - 1);
        }
        return shortened + "…";
    }
}
