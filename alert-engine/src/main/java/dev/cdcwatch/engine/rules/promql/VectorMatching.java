package dev.cdcwatch.engine.rules.promql;

import java.util.List;

/**
 * How a binary operation pairs the elements of two vectors: by the {@code on} labels, or by all
 * labels except the {@code ignoring} ones; {@code include} are the {@code group_left/right} labels
 * copied from the "one" side.
 */
public record VectorMatching(Cardinality cardinality, List<String> labels, boolean on, List<String> include) {

    public enum Cardinality {
        ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY
    }

    public VectorMatching {
        labels = List.copyOf(labels);
        include = List.copyOf(include);
    }
}
