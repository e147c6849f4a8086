package dev.cdcwatch.engine.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per integration, the outcome of its last delivery attempt and the last permanent error (a refusal retrying
 * cannot help, e.g. DingTalk's 310000 for a wrong secret or keyword), for {@code GET /api/v1/status}. A permanent
 * error stays shown until the integration delivers again. Kept in memory: after a restart the outbox
 * ({@code GET /api/v1/notifications?status=failed}) still has the failed notifications and their errors.
 */
public final class DeliveryStatus {

    /** {@code lastOutcome}: none (nothing tried since start), sent, retry or failed. */
    public record IntegrationStatus(String integration, String receiver, String type, String lastOutcome, String lastError,
                                    Instant lastAttemptAt, String permanentError, Instant permanentErrorAt) {
    }

    private final List<String> order;
    private final Map<String, IntegrationStatus> byName = new ConcurrentHashMap<>();

    public DeliveryStatus(List<Integration> integrations) {
        this.order = integrations.stream().map(Integration::name).toList();
        integrations.forEach(integration -> byName.put(integration.name(),
                new IntegrationStatus(integration.name(), integration.receiver(), integration.type(), "none", null, null, null, null)));
    }

    void record(Integration integration, DeliveryOutcome outcome, Instant at) {
        byName.compute(integration.name(), (name, previous) -> {
            if (outcome instanceof DeliveryOutcome.Failed failed) {
                return new IntegrationStatus(name, integration.receiver(), integration.type(), "failed", failed.reason(), at,
                        failed.reason(), at);
            }
            if (outcome instanceof DeliveryOutcome.Retry retry) {
                return new IntegrationStatus(name, integration.receiver(), integration.type(), "retry", retry.reason(), at,
                        previous.permanentError(), previous.permanentErrorAt());
            }
            return new IntegrationStatus(name, integration.receiver(), integration.type(), "sent", null, at, null, null);
        });
    }

    /** Every configured integration, in config order. */
    public List<IntegrationStatus> integrations() {
        return order.stream().map(byName::get).toList();
    }
}
