package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.notify.GroupNotification;
import dev.cdcwatch.engine.notify.Integration;
import dev.cdcwatch.engine.notify.NotificationLog;
import dev.cdcwatch.engine.notify.Outbox;
import dev.cdcwatch.engine.notify.RenderedMessage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders the notification for one integration and writes it to the outbox together with the
 * notification log entry, in one transaction; delivery happens later, from the outbox.
 */
final class OutboxStage implements Stage {

    private final Outbox outbox;
    private final Integration integration;
    private final Inhibitor inhibitor;
    private final String externalUrl;
    private final Runnable wakeDelivery;

    OutboxStage(Outbox outbox, Integration integration, Inhibitor inhibitor, String externalUrl, Runnable wakeDelivery) {
        this.outbox = outbox;
        this.integration = integration;
        this.inhibitor = inhibitor;
        this.externalUrl = externalUrl;
        this.wakeDelivery = wakeDelivery;
    }

    @Override
    public List<DispatchAlert> exec(FlushContext context, List<DispatchAlert> alerts) {
        Map<String, List<DispatchAlert>> heldBack = new LinkedHashMap<>();
        for (DispatchAlert alert : alerts) {
            List<DispatchAlert> symptoms = alert.isResolved() ? List.of() : inhibitor.heldBackBy(alert);
            if (!symptoms.isEmpty()) {
                heldBack.put(alert.fingerprint(), symptoms);
            }
        }
        GroupNotification notification = new GroupNotification(integration.receiver(), context.groupKey(),
                context.groupLabels(), alerts, heldBack, externalUrl);
        List<RenderedMessage> messages = integration.render(notification);
        outbox.enqueue(integration, context.groupKey(), messages,
                new NotificationLog.Entry(fingerprints(alerts, false), fingerprints(alerts, true), context.now()), context.now());
        wakeDelivery.run();
        return alerts;
    }

    private static Set<String> fingerprints(List<DispatchAlert> alerts, boolean resolved) {
        return alerts.stream().filter(alert -> alert.isResolved() == resolved).map(DispatchAlert::fingerprint).collect(Collectors.toSet());
    }
}
