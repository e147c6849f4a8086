package dev.cdcwatch.job.config;

/** A job configuration that cannot be used; the message names the offending key. */
public final class ConfigException extends dev.cdcwatch.config.ConfigException {

    public ConfigException(String key, String problem) {
        super("invalid job config", key, problem);
    }
}
