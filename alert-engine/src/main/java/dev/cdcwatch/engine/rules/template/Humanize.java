package dev.cdcwatch.engine.rules.template;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Prometheus's {@code humanize*} template functions. */
final class Humanize {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
    private static final String[] BIG_1024 = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
    private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};

    private Humanize() {
    }

    static String humanize(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return GoFormat.general(value, 4);
        }
        if (Math.abs(value) >= 1) {
            String prefix = "";
            for (String unit : BIG) {
                if (Math.abs(value) < 1000) {
                    break;
                }
                prefix = unit;
                value /= 1000;
            }
            return GoFormat.general(value, 4) + prefix;
        }
        return small(value, "");
    }

    static String humanize1024(double value) {
        if (Math.abs(value) <= 1 || Double.isNaN(value) || Double.isInfinite(value)) {
            return GoFormat.general(value, 4);
        }
        String prefix = "";
        for (String unit : BIG_1024) {
            if (Math.abs(value) < 1024) {
                break;
            }
            prefix = unit;
            value /= 1024;
        }
        return GoFormat.general(value, 4) + prefix;
    }

    static String humanizeDuration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return GoFormat.general(seconds, 4);
        }
        if (seconds == 0) {
            return "0s";
        }
        if (Math.abs(seconds) >= 1) {
            String sign = seconds < 0 ? "-" : "";
            double magnitude = Math.abs(seconds);
            long whole = (long) magnitude;
            long secs = whole % 60;
            long minutes = whole / 60 % 60;
            long hours = whole / 3600 % 24;
            long days = whole / 86_400;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + secs + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + secs + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + secs + "s";
            }
            return sign + GoFormat.general(magnitude, 4) + "s";
        }
        return small(seconds, "s");
    }

    /** Unix seconds as Go prints a UTC time at millisecond precision: {@code 2009-11-10 23:00:00.5 +0000 UTC}. */
    static String humanizeTimestamp(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return GoFormat.general(seconds, 4);
        }
        Instant instant = Instant.ofEpochMilli((long) (seconds * 1e9) / 1_000_000);
        String text = SECONDS.format(instant);
        int millis = instant.getNano() / 1_000_000;
        if (millis != 0) {
            text += ("." + String.format(Locale.ROOT, "%03d", millis)).replaceAll("0+$", "");
        }
        return text + " +0000 UTC";
    }

    static String humanizePercentage(double ratio) {
        return GoFormat.general(ratio * 100, 4) + "%";
    }

    private static String small(double value, String suffix) {
        String prefix = "";
        for (String unit : SMALL) {
            if (Math.abs(value) >= 1) {
                break;
            }
            prefix = unit;
            value *= 1000;
        }
        return GoFormat.general(value, 4) + prefix + suffix;
    }
}
