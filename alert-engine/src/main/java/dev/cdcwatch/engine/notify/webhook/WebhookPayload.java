package dev.cdcwatch.engine.notify.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.engine.dispatch.DispatchAlert;
import dev.cdcwatch.engine.notify.GroupNotification;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Alertmanager's webhook message, version 4, field for field and in Alertmanager's order. */
public final class WebhookPayload {

    /** What Go's zero {@code time.Time} marshals to; Alertmanager sends it as {@code endsAt} of firing alerts. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter GO_RFC3339_NANO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendLiteral('Z')
            .toFormatter(Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private WebhookPayload() {
    }

    public static String render(GroupNotification notification, int maxAlerts) {
        List<DispatchAlert> alerts = notification.alerts();
        int kept = maxAlerts > 0 ? Math.min(maxAlerts, alerts.size()) : alerts.size();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("receiver", notification.receiver());
        message.put("status", notification.status());
        message.put("alerts", alerts.subList(0, kept).stream().map(WebhookPayload::alert).toList());
        message.put("groupLabels", new TreeMap<>(notification.groupLabels()));
        message.put("commonLabels", common(alerts.stream().map(DispatchAlert::labels).toList()));
        message.put("commonAnnotations", common(alerts.stream().map(DispatchAlert::annotations).toList()));
        message.put("externalURL", notification.externalUrl());
        message.put("version", "4");
        message.put("groupKey", notification.groupKey());
        message.put("truncatedAlerts", alerts.size() - kept);
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static Map<String, Object> alert(DispatchAlert alert) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", alert.isResolved() ? "resolved" : "firing");
        json.put("labels", alert.labels());
        json.put("annotations", alert.annotations());
        json.put("startsAt", time(alert.startsAt()));
        json.put("endsAt", alert.endsAt() == null ? ZERO_TIME : time(alert.endsAt()));
        json.put("generatorURL", alert.generatorUrl());
        json.put("fingerprint", alert.fingerprint());
        return json;
    }

    /**
     * RFC 3339 in UTC with as many fraction digits as needed and none when the fraction is zero, as Go's
     * {@code RFC3339Nano} writes it ({@code 45.77Z}, not {@link Instant#toString()}'s {@code 45.770Z}).
     */
    static String time(Instant instant) {
        return GO_RFC3339_NANO.format(instant);
    }

    /** The pairs every map has, as Alertmanager's {@code commonLabels}/{@code commonAnnotations}. */
    private static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        Map<String, String> common = new TreeMap<>(maps.get(0));
        for (Map<String, String> map : maps.subList(1, maps.size())) {
            common.entrySet().removeIf(pair -> !pair.getValue().equals(map.get(pair.getKey())));
        }
        return common;
    }
}
