package dev.cdcwatch.reporter.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as Flink writes them: {@code 500 ms}, {@code 1s}, {@code 2 min}; a bare number is milliseconds. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");
    private static final Map<String, Duration> UNITS = Map.ofEntries(
            Map.entry("", Duration.ofMillis(1)),
            Map.entry("ms", Duration.ofMillis(1)), Map.entry("milli", Duration.ofMillis(1)),
            Map.entry("millis", Duration.ofMillis(1)), Map.entry("millisecond", Duration.ofMillis(1)),
            Map.entry("milliseconds", Duration.ofMillis(1)),
            Map.entry("s", Duration.ofSeconds(1)), Map.entry("sec", Duration.ofSeconds(1)), Map.entry("secs", Duration.ofSeconds(1)),
            Map.entry("second", Duration.ofSeconds(1)), Map.entry("seconds", Duration.ofSeconds(1)),
            Map.entry("m", Duration.ofMinutes(1)), Map.entry("min", Duration.ofMinutes(1)), Map.entry("mins", Duration.ofMinutes(1)),
            Map.entry("minute", Duration.ofMinutes(1)), Map.entry("minutes", Duration.ofMinutes(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("hour", Duration.ofHours(1)), Map.entry("hours", Duration.ofHours(1)));

    private Durations() {
    }

    static Duration parse(String key, String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        Duration unit = matcher.matches() ? UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit == null) {
            throw new InvalidOptionException(key, "'" + text + "' is not a duration such as 500 ms, 1 s or 2 min");
        }
        try {
            return unit.multipliedBy(Long.parseLong(matcher.group(1)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidOptionException(key, "'" + text + "' is too long a duration");
        }
    }
}
