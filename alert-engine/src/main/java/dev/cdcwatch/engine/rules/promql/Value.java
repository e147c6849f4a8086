package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.series.RangeSeries;

import java.util.List;

/** An intermediate result during evaluation. */
sealed interface Value {

    record Scalar(double value) implements Value {
    }

    /**
     * @param distinctWithoutNames whether the samples' label sets stay distinct when metric names are
     *                             dropped (true of one metric's series): the duplicate checks that
     *                             Prometheus makes after dropping names can then be skipped
     */
    record Vector(List<VectorSample> samples, boolean distinctWithoutNames) implements Value {

        Vector(List<VectorSample> samples) {
            this(samples, false);
        }
    }

    /** Series with their samples in the range, stale markers removed; series with no samples are left out. */
    record Matrix(List<RangeSeries> series) implements Value {
    }

    record Text(String value) implements Value {
    }
}
