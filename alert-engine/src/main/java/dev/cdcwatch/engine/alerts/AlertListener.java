package dev.cdcwatch.engine.alerts;

import java.util.List;

/**
 * Receives alert state changes after they are stored, in evaluation order, one call per rule
 * evaluation that changed something. Called on the evaluation thread: return quickly and hand work off.
 * Each transition is also a row of {@code engine_alert_history} with an increasing id, which a
 * crash-safe consumer can read instead.
 */
@FunctionalInterface
public interface AlertListener {

    void onTransitions(List<AlertTransition> transitions);
}
