package dev.cdcwatch.reporter.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How push batches are written: the catalog's binary format (version 2) or its JSON format (version 1). */
public enum PushFormat {
    /** Several times smaller and cheaper for the engine to read; a series' key keeps its bytes across batches. */
    BINARY,
    /** Readable; what hand-written pushers send. */
    JSON;

    static PushFormat parse(String key, String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidOptionException(key, "'" + text + "' is not one of "
                        + Arrays.stream(values()).map(PushFormat::toString).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
