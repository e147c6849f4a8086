package dev.cdcwatch.reporter.config;

/** A reporter option that cannot be used; the message names the key as a user writes it in flink-conf.yaml. */
public final class InvalidOptionException extends IllegalArgumentException {

    private final String key;

    public InvalidOptionException(String key, String problem) {
        super("cdc-watch reporter option '" + key + "' (metrics.reporter.<name>." + key + "): " + problem);
        this.key = key;
    }

    /** The key below {@code metrics.reporter.<name>.}, e.g. {@code push.interval}. */
    public String key() {
        return key;
    }
}
