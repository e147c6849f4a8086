package dev.cdcwatch.demo;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A webhook body (Alertmanager's payload, version 4) as a few readable lines: the group's status and
 * receiver, then one line per alert with its name, identifying labels, summary and start. A body that
 * is not such a payload is shown as it came.
 */
final class WebhookSummary {

    /** Labels worth a glance; the rest (operator, subtask, ...) stay in the payload. */
    private static final List<String> SHOWN_LABELS = List.of("job", "table", "topic", "group", "cluster", "severity");

    private WebhookSummary() {
    }

    static String of(String body) {
        JsonObject payload;
        try {
            payload = new JsonObject(body);
        } catch (DecodeException e) {
            return body;
        }
        JsonArray alerts = payload.getJsonArray("alerts");
        if (alerts == null) {
            return body;
        }
        StringBuilder text = new StringBuilder(String.format("%s to %s: %d alert(s)%s", payload.getString("status", "?"),
                payload.getString("receiver", "?"), alerts.size(),
                payload.getInteger("truncatedAlerts", 0) > 0 ? " (" + payload.getInteger("truncatedAlerts") + " more truncated)" : ""));
        for (Object element : alerts) {
            JsonObject alert = (JsonObject) element;
            JsonObject labels = alert.getJsonObject("labels", new JsonObject());
            JsonObject annotations = alert.getJsonObject("annotations", new JsonObject());
            String shown = labels.getMap().entrySet().stream().filter(label -> SHOWN_LABELS.contains(label.getKey()))
                    .sorted(Map.Entry.comparingByKey()).map(label -> label.getKey() + "=" + label.getValue())
                    .collect(Collectors.joining(", "));
            text.append(String.format("%n  %-8s %s {%s}%n           %s (since %s)", alert.getString("status", "?").toUpperCase(),
                    labels.getString("alertname", "?"), shown, annotations.getString("summary", "-"), alert.getString("startsAt", "?")));
        }
        return text.toString();
    }
}
