package dev.cdcwatch.engine.notify;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;

/** Self-metrics of delivery, per receiver and integration ({@code receiver/type[index]}). */
public final class NotifyMetrics {

    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private final Counter throttled;
    private final Gauge pending;

    public NotifyMetrics(CollectorRegistry registry) {
        sent = Counter.build("cdcwatch_notifications_sent_total", "Notification messages a receiver accepted")
                .labelNames("receiver", "integration").register(registry);
        failed = Counter.build("cdcwatch_notifications_failed_total", "Notification messages given up on (permanent error or too old)")
                .labelNames("receiver", "integration").register(registry);
        retried = Counter.build("cdcwatch_notifications_retried_total", "Delivery attempts that will be retried")
                .labelNames("receiver", "integration").register(registry);
        throttled = Counter.build("cdcwatch_notifications_throttled_total", "Messages held back or combined because of a rate limit")
                .labelNames("receiver", "integration").register(registry);
        pending = Gauge.build("cdcwatch_notifications_pending", "Outbox entries not yet delivered").register(registry);
    }

    public void sent(Integration integration) {
        sent.labels(integration.receiver(), integration.name()).inc();
    }

    public void failed(Integration integration) {
        failed.labels(integration.receiver(), integration.name()).inc();
    }

    public void retried(Integration integration) {
        retried.labels(integration.receiver(), integration.name()).inc();
    }

    public void throttled(Integration integration) {
        throttled.labels(integration.receiver(), integration.name()).inc();
    }

    public void pending(int count) {
        pending.set(count);
    }
}
