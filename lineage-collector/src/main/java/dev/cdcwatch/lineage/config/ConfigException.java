package dev.cdcwatch.lineage.config;

/** A lineage configuration that cannot be used; the message names the offending key. */
public final class ConfigException extends dev.cdcwatch.config.ConfigException {

    public ConfigException(String key, String problem) {
        super("invalid lineage config", key, problem);
    }
}
