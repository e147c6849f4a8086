package dev.cdcwatch.engine.notify;

import java.time.Duration;

/** What became of one outbox entry on one attempt. */
public sealed interface DeliveryOutcome {

    /** Accepted; {@code combined} when it went out inside a rate-limit summary with others. */
    record Delivered(String note, boolean combined) implements DeliveryOutcome {
    }

    /** Try again, not before {@code notBefore}; {@code throttled} when the receiver or our rate limit said so. */
    record Retry(String reason, Duration notBefore, boolean throttled) implements DeliveryOutcome {
    }

    /** Retrying cannot help (bad signature, keyword, rejected payload): reported, never retried. */
    record Failed(String reason) implements DeliveryOutcome {
    }
}
