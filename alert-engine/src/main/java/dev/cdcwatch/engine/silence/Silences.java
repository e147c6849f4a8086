package dev.cdcwatch.engine.silence;

import dev.cdcwatch.engine.alerts.Muter;
import dev.cdcwatch.engine.persistence.SilenceRepository;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Silences, held in memory for matching on every evaluation and written through to the database.
 * Deleting a silence expires it (its end becomes now), as in Alertmanager, so it stays in the list.
 */
public final class Silences implements Muter {

    private final SilenceRepository repository;
    private final Supplier<Instant> clock;
    private final Map<String, Silence> silences = new ConcurrentHashMap<>();
    private final Map<String, List<LabelMatcher>> compiled = new ConcurrentHashMap<>();

    public Silences(SilenceRepository repository, Supplier<Instant> clock) {
        this.repository = repository;
        this.clock = clock;
        repository.loadAll().forEach(this::hold);
    }

    /**
     * Creates a silence, or replaces the one with the given id.
     *
     * @throws IllegalArgumentException naming what is wrong with the silence
     */
    public Silence save(String id, List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("matchers: a silence needs at least one matcher");
        }
        if (endsAt == null) {
            throw new IllegalArgumentException("endsAt: is required");
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new IllegalArgumentException("createdBy: is required");
        }
        Instant now = clock.get();
        Instant start = startsAt == null ? now : startsAt;
        if (!endsAt.isAfter(start)) {
            throw new IllegalArgumentException("endsAt: must be after startsAt");
        }
        if (id != null && !silences.containsKey(id)) {
            throw new IllegalArgumentException("id: no silence '" + id + "'");
        }
        Silence silence = new Silence(id == null ? UUID.randomUUID().toString() : id, matchers, start, endsAt, createdBy,
                comment == null ? "" : comment, now);
        repository.save(silence);
        hold(silence);
        return silence;
    }

    /** Ends a silence now; false when there is no such silence. */
    public boolean expire(String id) {
        Silence silence = silences.get(id);
        if (silence == null) {
            return false;
        }
        Instant now = clock.get();
        if (silence.status(now) == Silence.Status.EXPIRED) {
            return true;
        }
        Silence expired = new Silence(id, silence.matchers(), silence.startsAt().isAfter(now) ? now : silence.startsAt(), now,
                silence.createdBy(), silence.comment(), now);
        repository.save(expired);
        hold(expired);
        return true;
    }

    private void hold(Silence silence) {
        compiled.put(silence.id(), silence.labelMatchers());
        silences.put(silence.id(), silence);
    }

    public Optional<Silence> get(String id) {
        return Optional.ofNullable(silences.get(id));
    }

    /** All silences, newest change first. */
    public List<Silence> list() {
        List<Silence> all = new ArrayList<>(silences.values());
        all.sort(Comparator.comparing(Silence::updatedAt).reversed());
        return all;
    }

    @Override
    public List<String> mutedBy(Labels labels, Instant at) {
        List<String> ids = new ArrayList<>();
        for (Silence silence : silences.values()) {
            if (silence.status(at) == Silence.Status.ACTIVE && matchesAll(compiled.get(silence.id()), labels)) {
                ids.add(silence.id());
            }
        }
        return ids;
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
        if (matchers == null) {
            return false;
        }
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
