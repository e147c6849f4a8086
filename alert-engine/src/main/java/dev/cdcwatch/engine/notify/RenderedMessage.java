package dev.cdcwatch.engine.notify;

/** One message as it will be sent, stored in the outbox before the first attempt. */
public record RenderedMessage(String title, String payload, int alertCount) {
}
