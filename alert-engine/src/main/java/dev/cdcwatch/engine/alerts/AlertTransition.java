package dev.cdcwatch.engine.alerts;

import java.time.Instant;
import java.util.List;

/**
 * An alert entering a state: {@code INACTIVE -> PENDING}, {@code PENDING -> FIRING},
 * {@code INACTIVE -> FIRING} (no {@code for}), {@code FIRING -> RESOLVED}, and
 * {@code PENDING -> INACTIVE} for a pending alert that cleared (never to be notified).
 *
 * @param alert      the alert after the change
 * @param silencedBy ids of the silences that muted the alert at that moment; empty when none
 */
public record AlertTransition(Alert alert, AlertState from, AlertState to, Instant at, List<String> silencedBy) {

    public AlertTransition {
        silencedBy = List.copyOf(silencedBy);
    }

    /** Whether a notifier should send this: it fired or resolved and no silence muted it. */
    public boolean notifiable() {
        return (to == AlertState.FIRING || to == AlertState.RESOLVED) && silencedBy.isEmpty();
    }

    AlertTransition silenced(List<String> silences) {
        return new AlertTransition(alert, from, to, at, silences);
    }
}
