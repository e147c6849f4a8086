package dev.cdcwatch.config;

/**
 * A configuration that cannot be used; the message names the offending key:
 * {@code invalid config: 'source.port' must be between 1 and 65535, got 70000}. A module whose
 * messages name what it configures ({@code invalid job config: ...}) subclasses this with its prefix
 * and hands its constructor to {@link ConfigNode} and {@link EnvironmentResolver} as a {@link Factory}.
 */
public class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem) {
        this("invalid config", key, problem);
    }

    /** {@code prefix} names the configuration, e.g. {@code invalid job config}. */
    protected ConfigException(String prefix, String key, String problem) {
        super(prefix + ": '" + key + "' " + problem);
        this.key = key;
    }

    /** The dotted path of the key, e.g. {@code source.port} or {@code receivers[0].webhook_configs[1].url}. */
    public String key() {
        return key;
    }

    /** Makes the exception for a key and its problem; a module's {@code ConfigException::new}. */
    @FunctionalInterface
    public interface Factory {
        ConfigException create(String key, String problem);
    }
}
