package dev.cdcwatch.engine.config;

/** An engine configuration that cannot be used; the message names the offending key. */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem) {
        super("invalid engine config: '" + key + "' " + problem);
        this.key = key;
    }

    /** The dotted path of the key, e.g. {@code server.port}. */
    public String key() {
        return key;
    }
}
