package dev.cdcwatch.reporter.config;

import dev.cdcwatch.reporter.naming.LabelPolicy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.EXCLUDE;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.INCLUDE;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.LABELS;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.HOST;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.PORT;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.PUSH_BACKOFF_MAX;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.PUSH_BUFFER_BATCHES;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.PUSH_EXCLUDE;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.PUSH_FORMAT;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.PUSH_INTERVAL;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.PUSH_TIMEOUT;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.PUSH_TOKEN;
import static dev.cdcwatch.reporter.config.CdcWatchReporterOptions.PUSH_URL;

/**
 * The reporter's options, parsed and checked once when Flink creates the reporter.
 *
 * @param host        the address /metrics binds; empty for every interface
 * @param unknownKeys keys that are neither ours nor Flink's, most likely typos; reported as a warning
 */
public record ReporterOptions(
        PortRange ports,
        String host,
        Optional<Push> push,
        LabelPolicy labels,
        Pattern include,
        Pattern exclude,
        List<String> unknownKeys) {

    /** What an empty exclude option stands for. */
    private static final String MATCHES_NOTHING = "(?!)";

    /** Where, how and what to push; present only when {@code push.url} is set. */
    public record Push(URI url, Optional<String> token, Duration interval, int bufferBatches, Duration timeout, Duration backoffMax,
                       PushFormat format, Pattern exclude) {

        /** Whether a reported metric with this exposed name goes into push batches. */
        public boolean pushes(String exposedName) {
            return !exclude.matcher(exposedName).matches();
        }

        @Override
        public String toString() {
            return "to " + redact(url) + " (" + format + ", token " + (token.isPresent() ? "set" : "not set") + ", every " + human(interval)
                    + ", buffer " + bufferBatches + " batches, timeout " + human(timeout) + ", backoff up to " + human(backoffMax)
                    + (exclude.pattern().equals(MATCHES_NOTHING) ? "" : ", not pushing " + exclude.pattern()) + ")";
        }
    }

    public ReporterOptions {
        unknownKeys = List.copyOf(unknownKeys);
    }

    /** Parses the properties Flink hands a reporter factory (keys below {@code metrics.reporter.<name>.}). */
    public static ReporterOptions parse(Properties properties) {
        PortRange ports = PortRange.parse(PORT.key(), text(properties, PORT));
        Optional<Push> push = optionalText(properties, PUSH_URL).map(url -> new Push(
                url(url),
                optionalText(properties, PUSH_TOKEN),
                positive(PUSH_INTERVAL.key(), Durations.parse(PUSH_INTERVAL.key(), text(properties, PUSH_INTERVAL))),
                bufferBatches(text(properties, PUSH_BUFFER_BATCHES)),
                positive(PUSH_TIMEOUT.key(), Durations.parse(PUSH_TIMEOUT.key(), text(properties, PUSH_TIMEOUT))),
                positive(PUSH_BACKOFF_MAX.key(), Durations.parse(PUSH_BACKOFF_MAX.key(), text(properties, PUSH_BACKOFF_MAX))),
                PushFormat.parse(PUSH_FORMAT.key(), text(properties, PUSH_FORMAT)),
                pattern(PUSH_EXCLUDE.key(), text(properties, PUSH_EXCLUDE))));
        if (push.isEmpty()) {
            // Check the push options even when push is off, so a typo shows before someone turns push on.
            optionalText(properties, PUSH_INTERVAL).ifPresent(value -> Durations.parse(PUSH_INTERVAL.key(), value));
            optionalText(properties, PUSH_TIMEOUT).ifPresent(value -> Durations.parse(PUSH_TIMEOUT.key(), value));
            optionalText(properties, PUSH_BACKOFF_MAX).ifPresent(value -> Durations.parse(PUSH_BACKOFF_MAX.key(), value));
            optionalText(properties, PUSH_BUFFER_BATCHES).ifPresent(ReporterOptions::bufferBatches);
            optionalText(properties, PUSH_FORMAT).ifPresent(value -> PushFormat.parse(PUSH_FORMAT.key(), value));
            optionalText(properties, PUSH_EXCLUDE).ifPresent(value -> pattern(PUSH_EXCLUDE.key(), value));
        }
        LabelPolicy labels = LabelPolicy.parse(LABELS.key(), text(properties, LABELS));
        Pattern include = pattern(INCLUDE.key(), text(properties, INCLUDE));
        Pattern exclude = pattern(EXCLUDE.key(), text(properties, EXCLUDE));
        return new ReporterOptions(ports, host(properties), push, labels, include, exclude, unknownKeys(properties));
    }

    /** Whether a metric with this exposed name is reported. */
    private static String host(Properties properties) {
        String host = text(properties, HOST).trim();
        if (!host.isEmpty() && !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new InvalidOptionException(HOST.key(), "must be an address or host name such as 127.0.0.1, got '" + host + "'");
        }
        return host;
    }

    public boolean reports(String exposedName) {
        return include.matcher(exposedName).matches() && !exclude.matcher(exposedName).matches();
    }

    private static String text(Properties properties, ReporterOption option) {
        String value = properties.getProperty(option.key());
        return value == null ? option.defaultValue() : value.trim();
    }

    private static Optional<String> optionalText(Properties properties, ReporterOption option) {
        String value = properties.getProperty(option.key());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static URI url(String text) {
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new InvalidOptionException(PUSH_URL.key(), "'" + redact(url) + "' is not an http or https URL");
            }
            if (url.getHost() == null) {
                throw new InvalidOptionException(PUSH_URL.key(), "'" + redact(url) + "' has no host");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new InvalidOptionException(PUSH_URL.key(), "is not a URL: " + e.getReason());
        }
    }

    private static int bufferBatches(String text) {
        try {
            int batches = Integer.parseInt(text.trim());
            if (batches < 1) {
                throw new InvalidOptionException(PUSH_BUFFER_BATCHES.key(), "must be at least 1, is " + batches);
            }
            return batches;
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(PUSH_BUFFER_BATCHES.key(), "'" + text + "' is not a whole number");
        }
    }

    private static Duration positive(String key, Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            throw new InvalidOptionException(key, "must be longer than 0");
        }
        return duration;
    }

    private static Pattern pattern(String key, String regex) {
        if (regex.isEmpty()) {
            return Pattern.compile(key.equals(INCLUDE.key()) ? ".*" : MATCHES_NOTHING);
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidOptionException(key, "'" + regex + "' is not a regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    private static List<String> unknownKeys(Properties properties) {
        List<String> known = new ArrayList<>(CdcWatchReporterOptions.FLINK_KEYS);
        CdcWatchReporterOptions.all().forEach(option -> known.add(option.key()));
        TreeSet<String> unknown = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        return List.copyOf(unknown);
    }

    static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** The URL without user info, which may hold credentials. */
    static String redact(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        return url.toString().replace(url.getRawUserInfo() + "@", "***@");
    }
}
