package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.series.SeriesSource;

import java.time.Duration;
import java.util.List;

/** Evaluates expressions at an instant with Prometheus's semantics, reading samples from a {@link SeriesSource}. */
public final class Evaluator {

    private final SeriesSource source;
    private final long lookbackMillis;

    public Evaluator(SeriesSource source, Duration lookbackDelta) {
        this.source = source;
        this.lookbackMillis = lookbackDelta.toMillis();
    }

    /** The instant vector the expression yields at {@code timeMillis}; a scalar result is one sample with no labels. */
    public List<VectorSample> evaluate(Expr expr, long timeMillis) {
        throw new UnsupportedOperationException("evaluator not implemented yet");
    }
}
