package dev.cdcwatch.engine.notify;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The outbox table: messages are written here, together with the notification log, in one transaction
 * before any attempt, so a crash or a dead receiver delays a notification but never loses it.
 */
public final class Outbox {

    private static final int MAX_ERROR_LENGTH = 2000;

    private final Jdbi jdbi;
    private final NotificationLog log;

    public Outbox(Jdbi jdbi, NotificationLog log) {
        this.jdbi = jdbi;
        this.log = log;
    }

    /** Stores the messages of one notification and records it in the notification log, atomically. */
    public void enqueue(Integration integration, String groupKey, List<RenderedMessage> messages,
                        NotificationLog.Entry logEntry, Instant now) {
        jdbi.useTransaction(handle -> {
            for (RenderedMessage message : messages) {
                handle.createUpdate("INSERT INTO notify_outbox (integration, receiver, group_key, content_hash, title, payload, "
                                + "alert_count, status, attempts, created_at, next_attempt_at) VALUES (:integration, :receiver, "
                                + ":groupKey, :hash, :title, :payload, :alertCount, 'PENDING', 0, :now, :now)")
                        .bind("integration", integration.name())
                        .bind("receiver", integration.receiver())
                        .bind("groupKey", groupKey)
                        .bind("hash", Hashes.sha256(message.payload()))
                        .bind("title", truncate(message.title(), 1000))
                        .bind("payload", message.payload())
                        .bind("alertCount", message.alertCount())
                        .bind("now", now.toEpochMilli())
                        .execute();
            }
            log.write(handle, integration.name(), groupKey, logEntry);
        });
    }

    /** The integrations that have due pending entries. */
    public List<String> integrationsDue(Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT DISTINCT integration FROM notify_outbox WHERE status = 'PENDING' "
                        + "AND next_attempt_at <= :now")
                .bind("now", now.toEpochMilli())
                .mapTo(String.class)
                .list());
    }

    /** One integration's pending entries whose next attempt is due, oldest first. */
    public List<OutboxEntry> due(String integration, Instant now, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM notify_outbox WHERE status = 'PENDING' "
                        + "AND integration = :integration AND next_attempt_at <= :now ORDER BY id LIMIT :limit")
                .bind("integration", integration)
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map(Outbox::entry)
                .list());
    }

    public void markSent(long id, Instant at, String note) {
        update("UPDATE notify_outbox SET status = 'SENT', attempts = attempts + 1, sent_at = :at, last_error = :note WHERE id = :id",
                id, at, note);
    }

    public void markRetry(long id, Instant nextAttempt, String reason) {
        update("UPDATE notify_outbox SET attempts = attempts + 1, next_attempt_at = :at, last_error = :note WHERE id = :id",
                id, nextAttempt, reason);
    }

    public void markFailed(long id, Instant at, String reason) {
        update("UPDATE notify_outbox SET status = 'FAILED', attempts = attempts + 1, next_attempt_at = :at, last_error = :note "
                + "WHERE id = :id", id, at, reason);
    }

    private void update(String sql, long id, Instant at, String note) {
        jdbi.useHandle(handle -> handle.createUpdate(sql)
                .bind("id", id)
                .bind("at", at.toEpochMilli())
                .bind("note", note == null ? null : truncate(note, MAX_ERROR_LENGTH))
                .execute());
    }

    /** The newest entries first, optionally only one status and one receiver (null: any). */
    public List<OutboxEntry> recent(OutboxEntry.Status status, String receiver, int limit) {
        String where = (status == null ? "" : " AND status = :status") + (receiver == null ? "" : " AND receiver = :receiver");
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery("SELECT * FROM notify_outbox WHERE 1 = 1" + where + " ORDER BY id DESC LIMIT :limit")
                    .bind("limit", limit);
            if (status != null) {
                query.bind("status", status.name());
            }
            if (receiver != null) {
                query.bind("receiver", receiver);
            }
            return query.map(Outbox::entry).list();
        });
    }

    public int pendingCount() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM notify_outbox WHERE status = 'PENDING'")
                .mapTo(Integer.class).one());
    }

    private static OutboxEntry entry(ResultSet rs, StatementContext ctx) throws SQLException {
        long sentAt = rs.getLong("sent_at");
        Instant sent = rs.wasNull() ? null : Instant.ofEpochMilli(sentAt);
        return new OutboxEntry(rs.getLong("id"), rs.getString("integration"), rs.getString("receiver"),
                rs.getString("group_key"), rs.getString("content_hash"), rs.getString("title"), rs.getString("payload"),
                rs.getInt("alert_count"), OutboxEntry.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
                sent, rs.getString("last_error"));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
