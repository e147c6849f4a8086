package dev.cdcwatch.engine.notify;

import java.time.Instant;

/**
 * One notification message in the outbox, and the record {@code GET /api/v1/notifications} shows:
 * what was sent, when, to whom, and what failed and why.
 */
public record OutboxEntry(long id, String integration, String receiver, String groupKey, String contentHash,
                          String title, String payload, int alertCount, Status status, int attempts,
                          Instant createdAt, Instant nextAttemptAt, Instant sentAt, String lastError) {

    public enum Status { PENDING, SENT, FAILED }
}
