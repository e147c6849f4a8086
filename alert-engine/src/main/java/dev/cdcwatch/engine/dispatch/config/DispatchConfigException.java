package dev.cdcwatch.engine.dispatch.config;

/** A dispatch configuration that cannot be used; the message names the offending key. */
public final class DispatchConfigException extends RuntimeException {

    private final String key;

    public DispatchConfigException(String key, String problem) {
        super("invalid alerting config: '" + key + "' " + problem);
        this.key = key;
    }

    /** The dotted path of the key, e.g. {@code receivers[0].webhook_configs[1].url}. */
    public String key() {
        return key;
    }
}
