package dev.cdcwatch.job.config;

/** A job configuration that cannot be used; the message names the offending key. */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem) {
        super("invalid job config: '" + key + "' " + problem);
        this.key = key;
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super("invalid job config: '" + key + "' " + problem, cause);
        this.key = key;
    }

    /** The dotted path of the key, e.g. {@code source.port}. */
    public String key() {
        return key;
    }
}
