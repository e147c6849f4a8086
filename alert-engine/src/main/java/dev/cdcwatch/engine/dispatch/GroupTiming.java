package dev.cdcwatch.engine.dispatch;

import java.time.Duration;

/** How long a new group waits, how often it may send changes, and when an unchanged group is sent again. */
public record GroupTiming(Duration groupWait, Duration groupInterval, Duration repeatInterval) {

    /** Seconds, not Alertmanager's 30 s / 5 m: CDC on-call wants the first page fast. */
    public static final GroupTiming DEFAULTS = new GroupTiming(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofHours(1));
}
