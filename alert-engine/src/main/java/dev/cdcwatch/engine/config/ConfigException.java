package dev.cdcwatch.engine.config;

/** An engine configuration that cannot be used; the message names the offending key. */
public final class ConfigException extends dev.cdcwatch.config.ConfigException {

    public ConfigException(String key, String problem) {
        super("invalid engine config", key, problem);
    }
}
