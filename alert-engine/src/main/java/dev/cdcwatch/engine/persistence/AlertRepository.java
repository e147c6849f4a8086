package dev.cdcwatch.engine.persistence;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.alerts.AlertState;
import dev.cdcwatch.engine.alerts.AlertTransition;
import dev.cdcwatch.engine.series.Labels;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Active alerts and their history. Every transition is written in one transaction with its history
 * row before anyone hears of it, so a restart, even after {@code kill -9}, continues the same alerts.
 */
public final class AlertRepository {

    private final Jdbi jdbi;

    public AlertRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void record(List<AlertTransition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            for (AlertTransition transition : transitions) {
                if (transition.to() == AlertState.INACTIVE) {
                    handle.createUpdate("DELETE FROM engine_alerts WHERE fingerprint = :fingerprint")
                            .bind("fingerprint", transition.alert().fingerprint()).execute();
                } else {
                    upsert(handle, transition.alert(), transition.at());
                }
                insertHistory(handle, transition);
            }
        });
    }

    private static void upsert(Handle handle, Alert alert, Instant at) {
        String labels = JsonColumns.write(alert.labels().asMap());
        String annotations = JsonColumns.write(alert.annotations());
        int updated = handle.createUpdate("""
                        UPDATE engine_alerts SET group_name = :group, rule_name = :rule, labels = :labels, annotations = :annotations,
                          state = :state, alert_value = :value, active_at = :activeAt, fired_at = :firedAt, resolved_at = :resolvedAt,
                          keep_firing_since = :keepFiringSince, updated_at = :updatedAt
                        WHERE fingerprint = :fingerprint""")
                .bind("fingerprint", alert.fingerprint()).bind("group", alert.groupName()).bind("rule", alert.ruleName())
                .bind("labels", labels).bind("annotations", annotations).bind("state", alert.state().wireName())
                .bind("value", alert.value()).bind("activeAt", alert.activeAt().toEpochMilli())
                .bind("firedAt", millis(alert.firedAt())).bind("resolvedAt", millis(alert.resolvedAt()))
                .bind("keepFiringSince", millis(alert.keepFiringSince())).bind("updatedAt", at.toEpochMilli())
                .execute();
        if (updated == 0) {
            handle.createUpdate("""
                            INSERT INTO engine_alerts (fingerprint, group_name, rule_name, labels, annotations, state, alert_value,
                              active_at, fired_at, resolved_at, keep_firing_since, updated_at)
                            VALUES (:fingerprint, :group, :rule, :labels, :annotations, :state, :value,
                              :activeAt, :firedAt, :resolvedAt, :keepFiringSince, :updatedAt)""")
                    .bind("fingerprint", alert.fingerprint()).bind("group", alert.groupName()).bind("rule", alert.ruleName())
                    .bind("labels", labels).bind("annotations", annotations).bind("state", alert.state().wireName())
                    .bind("value", alert.value()).bind("activeAt", alert.activeAt().toEpochMilli())
                    .bind("firedAt", millis(alert.firedAt())).bind("resolvedAt", millis(alert.resolvedAt()))
                    .bind("keepFiringSince", millis(alert.keepFiringSince())).bind("updatedAt", at.toEpochMilli())
                    .execute();
        }
    }

    private static void insertHistory(Handle handle, AlertTransition transition) {
        Alert alert = transition.alert();
        handle.createUpdate("""
                        INSERT INTO engine_alert_history (fingerprint, group_name, rule_name, labels, from_state, to_state, alert_value, occurred_at)
                        VALUES (:fingerprint, :group, :rule, :labels, :from, :to, :value, :at)""")
                .bind("fingerprint", alert.fingerprint()).bind("group", alert.groupName()).bind("rule", alert.ruleName())
                .bind("labels", JsonColumns.write(alert.labels().asMap()))
                .bind("from", transition.from().wireName()).bind("to", transition.to().wireName())
                .bind("value", alert.value()).bind("at", transition.at().toEpochMilli())
                .execute();
    }

    /** Alerts stored as pending, firing or resolved. */
    public List<Alert> loadAll() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM engine_alerts ORDER BY active_at, fingerprint")
                .map((rs, ctx) -> alert(rs)).list());
    }

    /** Forgets resolved alerts that resolved before {@code cutoff}; their history stays. */
    public int deleteResolvedBefore(Instant cutoff) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM engine_alerts WHERE state = :state AND resolved_at < :cutoff")
                .bind("state", AlertState.RESOLVED.wireName()).bind("cutoff", cutoff.toEpochMilli()).execute());
    }

    /** Forgets transitions older than {@code cutoff}. */
    public int deleteHistoryBefore(Instant cutoff) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM engine_alert_history WHERE occurred_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli()).execute());
    }

    /** Stored transitions, newest first, optionally of one alert and only those with an id below {@code beforeId}. */
    public List<AlertHistoryEntry> history(String fingerprint, long beforeId, int limit) {
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery("SELECT * FROM engine_alert_history WHERE id < :before"
                            + (fingerprint == null ? "" : " AND fingerprint = :fingerprint") + " ORDER BY id DESC")
                    .bind("before", beforeId)
                    .setMaxRows(limit);
            if (fingerprint != null) {
                query.bind("fingerprint", fingerprint);
            }
            return query.map((rs, ctx) -> new AlertHistoryEntry(rs.getLong("id"), rs.getString("fingerprint"), rs.getString("group_name"),
                    rs.getString("rule_name"), JsonColumns.stringMap(rs.getString("labels")), rs.getString("from_state"),
                    rs.getString("to_state"), rs.getDouble("alert_value"), Instant.ofEpochMilli(rs.getLong("occurred_at")))).list();
        });
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(
                rs.getString("fingerprint"),
                rs.getString("group_name"),
                rs.getString("rule_name"),
                Labels.of(JsonColumns.stringMap(rs.getString("labels"))),
                JsonColumns.stringMap(rs.getString("annotations")),
                AlertState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getDouble("alert_value"),
                Instant.ofEpochMilli(rs.getLong("active_at")),
                instant(rs, "fired_at"),
                instant(rs, "resolved_at"),
                instant(rs, "keep_firing_since"));
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
