package dev.cdcwatch.engine.silence;

import dev.cdcwatch.engine.series.LabelMatcher;

import java.time.Instant;
import java.util.List;

/** A silence: mutes the alerts whose labels match all matchers between {@code startsAt} and {@code endsAt}. */
public record Silence(
        String id,
        List<SilenceMatcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment,
        Instant updatedAt) {

    public enum Status { PENDING, ACTIVE, EXPIRED }

    public Silence {
        matchers = List.copyOf(matchers);
    }

    public Status status(Instant at) {
        if (at.isBefore(startsAt)) {
            return Status.PENDING;
        }
        return at.isBefore(endsAt) ? Status.ACTIVE : Status.EXPIRED;
    }

    /** The matchers compiled for matching; callers keep the result, since regexes compile here. */
    public List<LabelMatcher> labelMatchers() {
        return matchers.stream().map(SilenceMatcher::toLabelMatcher).toList();
    }
}
