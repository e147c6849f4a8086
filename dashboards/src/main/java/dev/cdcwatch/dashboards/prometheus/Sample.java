package dev.cdcwatch.dashboards.prometheus;

import java.time.Instant;

/** One value of a series at one time. */
public record Sample(Instant time, double value) {
}
