package dev.cdcwatch.engine.api;

import dev.cdcwatch.engine.alerts.Alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An alert as the API shows it. */
public record AlertView(
        String fingerprint,
        Map<String, String> labels,
        Map<String, String> annotations,
        String state,
        double value,
        Instant activeAt,
        Instant firedAt,
        Instant resolvedAt,
        Instant keepFiringSince,
        String group,
        String rule,
        boolean silenced,
        List<String> silencedBy) {

    static AlertView of(Alert alert, List<String> silencedBy) {
        return new AlertView(alert.fingerprint(), alert.labels().asMap(), alert.annotations(), alert.state().wireName(), alert.value(),
                alert.activeAt(), alert.firedAt(), alert.resolvedAt(), alert.keepFiringSince(), alert.groupName(), alert.ruleName(),
                !silencedBy.isEmpty(), silencedBy);
    }
}
