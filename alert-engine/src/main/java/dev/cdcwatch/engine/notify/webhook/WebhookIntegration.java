package dev.cdcwatch.engine.notify.webhook;

import dev.cdcwatch.engine.notify.DeliveryOutcome;
import dev.cdcwatch.engine.notify.GroupNotification;
import dev.cdcwatch.engine.notify.HttpSender;
import dev.cdcwatch.engine.notify.Integration;
import dev.cdcwatch.engine.notify.OutboxEntry;
import dev.cdcwatch.engine.notify.RenderedMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Posts Alertmanager v4 webhook messages; 2xx is delivered, 429/5xx/unreachable retried, other statuses failed. */
public final class WebhookIntegration implements Integration {

    private final String receiver;
    private final int index;
    private final WebhookConfig config;
    private final HttpSender http;
    private final Map<String, String> headers;

    public WebhookIntegration(String receiver, int index, WebhookConfig config, HttpSender http) {
        this.receiver = receiver;
        this.index = index;
        this.config = config;
        this.http = http;
        this.headers = new LinkedHashMap<>(config.headers());
        if (config.bearerToken() != null) {
            headers.put("Authorization", "Bearer " + config.bearerToken());
        }
    }

    @Override
    public String receiver() {
        return receiver;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public boolean sendResolved() {
        return config.sendResolved();
    }

    @Override
    public List<RenderedMessage> render(GroupNotification notification) {
        String title = "[" + notification.status().toUpperCase(Locale.ROOT) + ":" + notification.alerts().size() + "] "
                + notification.groupKey();
        return List.of(new RenderedMessage(title, WebhookPayload.render(notification, config.maxAlerts()), notification.alerts().size()));
    }

    @Override
    public List<DeliveryOutcome> deliver(List<OutboxEntry> entries) {
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        for (OutboxEntry entry : entries) {
            outcomes.add(send(entry));
        }
        return outcomes;
    }

    private DeliveryOutcome send(OutboxEntry entry) {
        HttpSender.Reply reply = http.postJson(config.url(), entry.payload(), headers, config.timeout());
        return reply.ok() ? new DeliveryOutcome.Delivered("HTTP " + reply.status(), false) : reply.notDelivered(config.url().getHost());
    }
}
