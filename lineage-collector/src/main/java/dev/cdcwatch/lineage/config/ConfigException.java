package dev.cdcwatch.lineage.config;

/** A lineage configuration that cannot be used; the message names the offending key. */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem) {
        super("invalid lineage config: '" + key + "' " + problem);
        this.key = key;
    }

    /** The dotted path of the key, e.g. {@code clusters[0].poll-interval}. */
    public String key() {
        return key;
    }
}
