package dev.cdcwatch.engine.notify;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Per integration and aggregation group: which alerts the last notification reported as firing and resolved. */
public final class NotificationLog {

    /** Fingerprints last notified, and when. */
    public record Entry(Set<String> firing, Set<String> resolved, Instant sentAt) {
        public Entry {
            firing = Set.copyOf(firing);
            resolved = Set.copyOf(resolved);
        }
    }

    private final Jdbi jdbi;

    public NotificationLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<Entry> find(String integration, String groupKey) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT firing, resolved, sent_at FROM notify_log WHERE integration = :integration AND group_hash = :hash")
                .bind("integration", integration)
                .bind("hash", Hashes.sha256(groupKey))
                .map((rs, ctx) -> new Entry(split(rs.getString("firing")), split(rs.getString("resolved")),
                        Instant.ofEpochMilli(rs.getLong("sent_at"))))
                .findOne());
    }

    public void write(String integration, String groupKey, Entry entry) {
        jdbi.useHandle(handle -> write(handle, integration, groupKey, entry));
    }

    /** Update, else insert: MERGE and upsert syntax differ between H2, MySQL and PostgreSQL. */
    void write(Handle handle, String integration, String groupKey, Entry entry) {
        int updated = bound(handle.createUpdate("UPDATE notify_log SET group_key = :key, firing = :firing, resolved = :resolved, "
                + "sent_at = :sentAt WHERE integration = :integration AND group_hash = :hash"), integration, groupKey, entry).execute();
        if (updated == 0) {
            bound(handle.createUpdate("INSERT INTO notify_log (integration, group_hash, group_key, firing, resolved, sent_at) "
                    + "VALUES (:integration, :hash, :key, :firing, :resolved, :sentAt)"), integration, groupKey, entry).execute();
        }
    }

    private static Update bound(Update update, String integration, String groupKey, Entry entry) {
        return update.bind("integration", integration)
                .bind("hash", Hashes.sha256(groupKey))
                .bind("key", groupKey)
                .bind("firing", String.join(",", new TreeSet<>(entry.firing())))
                .bind("resolved", String.join(",", new TreeSet<>(entry.resolved())))
                .bind("sentAt", entry.sentAt().toEpochMilli());
    }

    private static Set<String> split(String joined) {
        return joined.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(joined.split(",")));
    }
}
