package dev.cdcwatch.dashboards.preview;

import java.util.Locale;

/** Formats a value in one of the Grafana units the dashboards use. */
final class Units {

    private Units() {
    }

    static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == 0) {
            value = 0; // -0.0 would print as "-0"
        }
        return switch (unit) {
            case "ms" -> duration(value);
            case "s" -> duration(value * 1000);
            case "bytes" -> bytes(value);
            case "cps" -> number(value) + "/s";
            case "percentunit" -> String.format(Locale.ROOT, "%.1f%%", value * 100);
            default -> number(value);
        };
    }

    private static String duration(double millis) {
        double abs = Math.abs(millis);
        if (abs < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", millis);
        }
        if (abs < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000);
        }
        if (abs < 3_600_000) {
            return String.format(Locale.ROOT, "%.1f min", millis / 60_000);
        }
        return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000);
    }

    private static String bytes(double value) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (Math.abs(value) >= 1024 && i < units.length - 1) {
            value /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, i == 0 ? "%.0f %s" : "%.1f %s", value, units[i]);
    }

    private static String number(double value) {
        double abs = Math.abs(value);
        if (abs >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f M", value / 1_000_000);
        }
        if (abs >= 10_000) {
            return String.format(Locale.ROOT, "%.1f K", value / 1000);
        }
        if (value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, abs < 10 ? "%.2f" : "%.1f", value);
    }
}
