package dev.cdcwatch.engine.rules;

import dev.cdcwatch.engine.series.Labels;

/** One element of an instant vector: a series' labels and its value at the evaluation time. */
public record VectorSample(Labels labels, double value) {
}
