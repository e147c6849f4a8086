package dev.cdcwatch.engine.rules.promql;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus durations such as {@code 90s}, {@code 1h30m}, {@code 500ms}: units y, w, d, h, m, s, ms, largest first. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};

    private Durations() {
    }

    /** Parses a duration, or throws {@link IllegalArgumentException} saying why. */
    public static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            throw new IllegalArgumentException("not a valid duration: '" + text + "' (expected e.g. 30s, 5m, 1h30m)");
        }
        long millis = 0;
        for (int group = 1; group <= UNIT_MILLIS.length; group++) {
            String amount = matcher.group(group);
            if (amount != null) {
                millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(amount), UNIT_MILLIS[group - 1]));
            }
        }
        return Duration.ofMillis(millis);
    }
}
