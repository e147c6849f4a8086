package dev.cdcwatch.engine.api;

/** A request the API refuses, with the HTTP status and a message that names what is wrong. */
public final class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
