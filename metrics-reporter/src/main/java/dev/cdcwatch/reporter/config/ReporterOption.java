package dev.cdcwatch.reporter.config;

/**
 * One option of the reporter, set in flink-conf.yaml as {@code metrics.reporter.<name>.<key>}.
 *
 * @param key          the key below {@code metrics.reporter.<name>.}
 * @param defaultValue the value used when the key is absent, as a user would write it; empty when there is none
 * @param description  what it does, for the README
 */
public record ReporterOption(String key, String defaultValue, String description) {
}
