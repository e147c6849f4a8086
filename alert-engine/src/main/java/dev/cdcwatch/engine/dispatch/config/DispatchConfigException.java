package dev.cdcwatch.engine.dispatch.config;

/** A dispatch configuration that cannot be used; the message names the offending key. */
public final class DispatchConfigException extends dev.cdcwatch.config.ConfigException {

    public DispatchConfigException(String key, String problem) {
        super("invalid alerting config", key, problem);
    }
}
