package dev.cdcwatch.engine.alerts;

import dev.cdcwatch.engine.series.Labels;

import java.time.Instant;
import java.util.List;

/** Something that mutes alerts by their labels, such as silences; returns the ids of what mutes, empty when nothing does. */
@FunctionalInterface
public interface Muter {

    Muter NONE = (labels, at) -> List.of();

    List<String> mutedBy(Labels labels, Instant at);
}
