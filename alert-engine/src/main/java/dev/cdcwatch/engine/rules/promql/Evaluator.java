package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.rules.promql.Value.Matrix;
import dev.cdcwatch.engine.rules.promql.Value.Scalar;
import dev.cdcwatch.engine.rules.promql.Value.Text;
import dev.cdcwatch.engine.rules.promql.Value.Vector;
import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.series.RangeSeries;
import dev.cdcwatch.engine.series.SeriesSource;
import dev.cdcwatch.engine.series.StaleMarker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates expressions at an instant with the semantics of Prometheus 2.x (the version promtool
 * tests run against): an instant selector takes each series' latest sample in
 * {@code [t - lookback, t]} unless that sample is a staleness marker; a range selector takes the
 * samples in {@code [t - range, t]} without staleness markers.
 */
public final class Evaluator {

    private final SeriesSource source;
    private final long lookbackMillis;

    public Evaluator(SeriesSource source, Duration lookbackDelta) {
        this.source = source;
        this.lookbackMillis = lookbackDelta.toMillis();
    }

    /**
     * The instant vector the expression yields at {@code timeMillis}; a scalar result is one sample
     * with no labels, as Prometheus treats it in rules.
     *
     * @throws EvaluationException when the data makes the expression invalid (e.g. duplicate series in a match group)
     */
    public List<VectorSample> evaluate(Expr expr, long timeMillis) {
        Value value = eval(expr, timeMillis);
        if (value instanceof Scalar scalar) {
            return List.of(new VectorSample(Labels.EMPTY, scalar.value()));
        }
        if (value instanceof Vector vector) {
            return vector.samples();
        }
        throw new EvaluationException("rule expression must yield an instant vector or scalar, got " + expr.type().description());
    }

    Value eval(Expr expr, long time) {
        if (expr instanceof NumberLiteral number) {
            return new Scalar(number.value());
        }
        if (expr instanceof StringLiteral string) {
            return new Text(string.value());
        }
        if (expr instanceof VectorSelector selector) {
            return new Vector(instant(selector, time), selector.hasExactName());
        }
        if (expr instanceof MatrixSelector matrix) {
            return new Matrix(range(matrix, time));
        }
        if (expr instanceof FunctionCall call) {
            return Functions.call(this, call, time);
        }
        if (expr instanceof Aggregation aggregation) {
            return new Vector(Aggregations.aggregate(aggregation, vector(aggregation.arg(), time)));
        }
        if (expr instanceof UnaryMinus minus) {
            return negate(eval(minus.operand(), time));
        }
        BinaryExpr binary = (BinaryExpr) expr;
        return BinaryOperations.apply(binary, eval(binary.lhs(), time), eval(binary.rhs(), time));
    }

    List<VectorSample> vector(Expr expr, long time) {
        return ((Vector) eval(expr, time)).samples();
    }

    private List<VectorSample> instant(VectorSelector selector, long time) {
        long end = time - selector.offset().toMillis();
        List<VectorSample> samples = new ArrayList<>();
        for (RangeSeries series : source.selectLatest(selector.matchers(), end - lookbackMillis - 1, end)) {
            int last = lastIndexAtOrBefore(series, end);
            if (last >= 0 && series.timestamps()[last] >= end - lookbackMillis && !StaleMarker.is(series.values()[last])) {
                samples.add(new VectorSample(series.labels(), series.values()[last]));
            }
        }
        return samples;
    }

    List<RangeSeries> range(MatrixSelector matrix, long time) {
        long end = time - matrix.selector().offset().toMillis();
        long start = end - matrix.range().toMillis();
        List<RangeSeries> result = new ArrayList<>();
        for (RangeSeries series : source.select(matrix.selector().matchers(), start - 1, end)) {
            if (!hasStaleMarker(series)) {
                // The source already kept only (start - 1, end]: the common case needs no second copy.
                result.add(series);
                continue;
            }
            long[] timestamps = new long[series.size()];
            double[] values = new double[series.size()];
            int kept = 0;
            for (int i = 0; i < series.size(); i++) {
                long timestamp = series.timestamps()[i];
                double value = series.values()[i];
                if (timestamp >= start && timestamp <= end && !StaleMarker.is(value)) {
                    timestamps[kept] = timestamp;
                    values[kept] = value;
                    kept++;
                }
            }
            if (kept > 0) {
                result.add(new RangeSeries(series.labels(), Arrays.copyOf(timestamps, kept), Arrays.copyOf(values, kept)));
            }
        }
        return result;
    }

    private static boolean hasStaleMarker(RangeSeries series) {
        for (int i = 0; i < series.size(); i++) {
            if (StaleMarker.is(series.values()[i])) {
                return true;
            }
        }
        return false;
    }

    private static int lastIndexAtOrBefore(RangeSeries series, long end) {
        for (int i = series.size() - 1; i >= 0; i--) {
            if (series.timestamps()[i] <= end) {
                return i;
            }
        }
        return -1;
    }

    private static Value negate(Value value) {
        if (value instanceof Scalar scalar) {
            return new Scalar(-scalar.value());
        }
        List<VectorSample> negated = ((Vector) value).samples().stream()
                .map(sample -> new VectorSample(sample.labels().withoutMetricName(), -sample.value()))
                .toList();
        return new Vector(requireUniqueLabels(negated));
    }

    /** Prometheus's check after dropping metric names: two elements with one label set make the result ambiguous. */
    static List<VectorSample> requireUniqueLabels(List<VectorSample> samples) {
        if (samples.size() < 2) {
            return samples;
        }
        Set<Labels> seen = new HashSet<>(samples.size() * 2);
        for (VectorSample sample : samples) {
            if (!seen.add(sample.labels())) {
                throw new EvaluationException("vector cannot contain metrics with the same labelset " + sample.labels());
            }
        }
        return samples;
    }
}
