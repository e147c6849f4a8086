package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.alerts.AlertListener;
import dev.cdcwatch.engine.alerts.AlertState;
import dev.cdcwatch.engine.alerts.AlertTransition;
import dev.cdcwatch.engine.rules.template.Templates;
import dev.cdcwatch.engine.series.Labels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands the engine's alert transitions to dispatch: alerts that went firing and alerts that
 * resolved. Silences are not applied here: the dispatch pipeline applies them itself, so that an
 * alert silenced while firing still has its resolve told.
 */
public final class EngineDispatch implements AlertListener {

    private final DispatchService dispatch;
    private final String externalUrl;

    public EngineDispatch(DispatchService dispatch, String externalUrl) {
        this.dispatch = dispatch;
        this.externalUrl = externalUrl;
    }

    /**
     * At start, tells dispatch the alerts restored from the database that are firing or resolved since
     * {@code resolvedSince}. A resolve stored by a killed engine may have been waiting for its group's next
     * flush; told again, it goes out now. The notification log lets through only resolves of alerts whose
     * firing was sent and whose resolve was not, so a resolve already sent is not sent twice.
     */
    public void announceRestored(List<Alert> alerts, Instant resolvedSince) {
        List<DispatchAlert> restored = alerts.stream()
                .filter(alert -> alert.state() == AlertState.FIRING
                        || (alert.state() == AlertState.RESOLVED && !alert.resolvedAt().isBefore(resolvedSince)))
                .map(this::toDispatch).toList();
        if (!restored.isEmpty()) {
            dispatch.accept(restored);
        }
    }

    @Override
    public void onTransitions(List<AlertTransition> transitions) {
        List<DispatchAlert> changed = new ArrayList<>();
        for (AlertTransition transition : transitions) {
            if (transition.to() == AlertState.FIRING || transition.to() == AlertState.RESOLVED) {
                changed.add(toDispatch(transition.alert()));
            }
        }
        if (!changed.isEmpty()) {
            dispatch.accept(changed);
        }
    }

    private DispatchAlert toDispatch(Alert alert) {
        Map<String, String> annotations = new LinkedHashMap<>(alert.annotations());
        annotations.putIfAbsent("value", Templates.expand("{{ $value | humanize }}", Labels.EMPTY, alert.value()));
        return new DispatchAlert(alert.fingerprint(), alert.labels().asMap(), annotations,
                alert.firedAt() != null ? alert.firedAt() : alert.activeAt(),
                alert.state() == AlertState.RESOLVED ? alert.resolvedAt() : null,
                externalUrl + "/api/v1/alerts?filter=" + java.net.URLEncoder.encode("alertname=\"" + alert.alertName() + "\"",
                        java.nio.charset.StandardCharsets.UTF_8));
    }
}
