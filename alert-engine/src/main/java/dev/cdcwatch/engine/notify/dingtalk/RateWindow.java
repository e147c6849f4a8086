package dev.cdcwatch.engine.notify.dingtalk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** A sliding one-minute window of sends, so we never ask a robot for more than it allows per minute. */
final class RateWindow {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int limit;
    private final Deque<Instant> sends = new ArrayDeque<>();

    RateWindow(int limit) {
        this.limit = limit;
    }

    synchronized int free(Instant now) {
        expire(now);
        return limit - sends.size();
    }

    synchronized void record(Instant now) {
        sends.addLast(now);
    }

    /** How long until one more send is allowed. */
    synchronized Duration untilFree(Instant now) {
        expire(now);
        if (sends.size() < limit) {
            return Duration.ZERO;
        }
        return Duration.between(now, sends.peekFirst().plus(WINDOW));
    }

    private void expire(Instant now) {
        while (!sends.isEmpty() && !sends.peekFirst().plus(WINDOW).isAfter(now)) {
            sends.removeFirst();
        }
    }
}
