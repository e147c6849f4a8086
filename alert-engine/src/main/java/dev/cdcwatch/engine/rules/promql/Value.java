package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.series.RangeSeries;

import java.util.List;

/** An intermediate result during evaluation. */
sealed interface Value {

    record Scalar(double value) implements Value {
    }

    record Vector(List<VectorSample> samples) implements Value {
    }

    /** Series with their samples in the range, stale markers removed; series with no samples are left out. */
    record Matrix(List<RangeSeries> series) implements Value {
    }

    record Text(String value) implements Value {
    }
}
