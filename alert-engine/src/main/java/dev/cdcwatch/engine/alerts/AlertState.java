package dev.cdcwatch.engine.alerts;

/**
 * Where an alert is in its life. {@code INACTIVE} is the state before an alert exists and after a
 * pending alert clears (it is then dropped); {@code RESOLVED} is a firing alert that cleared, kept
 * for a while so the API and notifications can report it.
 */
public enum AlertState {
    INACTIVE, PENDING, FIRING, RESOLVED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
