package dev.cdcwatch.engine;

/** The engine could not start; the message names the part and the config key involved. */
public final class EngineStartException extends RuntimeException {

    public EngineStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
