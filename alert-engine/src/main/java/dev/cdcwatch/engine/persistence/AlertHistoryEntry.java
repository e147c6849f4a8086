package dev.cdcwatch.engine.persistence;

import java.time.Instant;
import java.util.Map;

/** One stored state change of an alert; {@code id} increases with every change. */
public record AlertHistoryEntry(
        long id,
        String fingerprint,
        String groupName,
        String ruleName,
        Map<String, String> labels,
        String from,
        String to,
        double value,
        Instant at) {
}
