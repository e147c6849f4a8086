package dev.cdcwatch.engine.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the outbox is worked off: poll period, exponential backoff with jitter between attempts, and how
 * long a transient failure is retried before the entry is marked failed.
 */
public record DeliveryPolicy(Duration pollInterval, Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter) {

    public static final DeliveryPolicy DEFAULTS = new DeliveryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofMinutes(2), Duration.ofHours(24));

    /** The wait before attempt {@code attempts + 1}: base doubling per attempt, capped, with jitter in [half, full]. */
    public Duration backoff(int attempts) {
        long base = initialBackoff.toMillis();
        long capped = Math.min(maxBackoff.toMillis(), base << Math.min(attempts, 30));
        long half = Math.max(1, capped / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }
}
