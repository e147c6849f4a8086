package dev.cdcwatch.engine.notify;

import java.util.List;

/** Read side for {@code GET /api/v1/notifications}: what was sent, when, to whom, what failed and why. */
public final class NotificationQuery {

    public static final int MAX_LIMIT = 1000;

    private final Outbox outbox;

    public NotificationQuery(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The newest notifications first; {@code status} and {@code receiver} may be null for "any". */
    public List<OutboxEntry> recent(OutboxEntry.Status status, String receiver, int limit) {
        return outbox.recent(status, receiver, Math.max(1, Math.min(limit, MAX_LIMIT)));
    }

    public int pending() {
        return outbox.pendingCount();
    }
}
