package dev.cdcwatch.engine.ingest;

import java.time.Instant;

/** What the engine knows about one reporter (one process pushing batches), for the status API. */
public record ReporterStatus(
        String instance,
        String job,
        String host,
        Instant processStartedAt,
        Instant lastPushAt,
        Double observedPushIntervalSeconds,
        int series,
        boolean silent) {
}
