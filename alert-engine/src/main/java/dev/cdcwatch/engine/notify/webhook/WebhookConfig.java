package dev.cdcwatch.engine.notify.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** One {@code webhook_configs} entry; {@code maxAlerts} 0 sends all alerts. */
public record WebhookConfig(URI url, boolean sendResolved, int maxAlerts, Duration timeout,
                            Map<String, String> headers, String bearerToken) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public WebhookConfig {
        headers = Map.copyOf(headers);
    }
}
