package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.rules.promql.Value.Scalar;
import dev.cdcwatch.engine.rules.promql.Value.Vector;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.series.RangeSeries;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/** The supported functions, computed as Prometheus 2.x computes them. */
final class Functions {

    private Functions() {
    }

    static Value call(Evaluator evaluator, FunctionCall call, long time) {
        List<Expr> args = call.args();
        return switch (call.function()) {
            case RATE -> overRange(evaluator, call, time, series -> extrapolatedDelta(series, (MatrixSelector) args.get(0), time, true, true));
            case INCREASE -> overRange(evaluator, call, time, series -> extrapolatedDelta(series, (MatrixSelector) args.get(0), time, true, false));
            case DELTA -> overRange(evaluator, call, time, series -> extrapolatedDelta(series, (MatrixSelector) args.get(0), time, false, false));
            case CHANGES -> overRange(evaluator, call, time, Functions::changes);
            case RESETS -> overRange(evaluator, call, time, Functions::resets);
            case MAX_OVER_TIME -> overRange(evaluator, call, time, series -> fold(series, true));
            case MIN_OVER_TIME -> overRange(evaluator, call, time, series -> fold(series, false));
            case AVG_OVER_TIME -> overRange(evaluator, call, time, Functions::average);
            case SUM_OVER_TIME -> overRange(evaluator, call, time, Functions::sum);
            case COUNT_OVER_TIME -> overRange(evaluator, call, time, series -> series.size());
            case LAST_OVER_TIME -> overRange(evaluator, call, time, series -> series.values()[series.size() - 1]);
            case ABSENT -> absent(evaluator.vector(args.get(0), time).isEmpty(), args.get(0));
            case ABSENT_OVER_TIME -> absent(evaluator.range((MatrixSelector) args.get(0), time).isEmpty(), args.get(0));
            case TIME -> new Scalar(time / 1000.0);
            case VECTOR_OF -> new Vector(List.of(new VectorSample(Labels.EMPTY, scalar(evaluator, args.get(0), time))));
            case SCALAR_OF -> {
                List<VectorSample> vector = evaluator.vector(args.get(0), time);
                yield new Scalar(vector.size() == 1 ? vector.get(0).value() : Double.NaN);
            }
            case ABS -> map(evaluator.vector(args.get(0), time), Math::abs);
            case CLAMP_MIN -> {
                double min = scalar(evaluator, args.get(1), time);
                yield map(evaluator.vector(args.get(0), time), value -> Math.max(value, min));
            }
            case CLAMP_MAX -> {
                double max = scalar(evaluator, args.get(1), time);
                yield map(evaluator.vector(args.get(0), time), value -> Math.min(value, max));
            }
        };
    }

    private static Value overRange(Evaluator evaluator, FunctionCall call, long time, ToDoubleFunction<RangeSeries> function) {
        boolean keepName = call.function() == Function.LAST_OVER_TIME;
        MatrixSelector matrix = (MatrixSelector) call.args().get(0);
        List<VectorSample> result = new ArrayList<>();
        for (RangeSeries series : evaluator.range(matrix, time)) {
            if (isRateLike(call.function()) && series.size() < 2) {
                continue;
            }
            double value = function.applyAsDouble(series);
            result.add(new VectorSample(keepName ? series.labels() : series.labels().withoutMetricName(), value));
        }
        boolean distinct = matrix.selector().hasExactName();
        return new Vector(distinct ? result : Evaluator.requireUniqueLabels(result), distinct);
    }

    private static boolean isRateLike(Function function) {
        return function == Function.RATE || function == Function.INCREASE || function == Function.DELTA;
    }

    /**
     * Prometheus's {@code extrapolatedRate}: the difference between first and last sample (plus
     * counter resets), extrapolated towards the window's edges when the samples reach close to them.
     * The caller skips series with fewer than two samples, which give no result.
     */
    private static double extrapolatedDelta(RangeSeries series, MatrixSelector matrix, long time, boolean counter, boolean perSecond) {
        int n = series.size();
        long[] timestamps = series.timestamps();
        double[] values = series.values();
        long rangeEnd = time - matrix.selector().offset().toMillis();
        long rangeStart = rangeEnd - matrix.range().toMillis();
        double result = values[n - 1] - values[0];
        if (counter) {
            double last = 0;
            for (double value : values) {
                if (value < last) {
                    result += last;
                }
                last = value;
            }
        }
        double durationToStart = (timestamps[0] - rangeStart) / 1000.0;
        double durationToEnd = (rangeEnd - timestamps[n - 1]) / 1000.0;
        double sampledInterval = (timestamps[n - 1] - timestamps[0]) / 1000.0;
        double averageBetweenSamples = sampledInterval / (n - 1);
        if (counter && result > 0 && values[0] >= 0) {
            double durationToZero = sampledInterval * (values[0] / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double threshold = averageBetweenSamples * 1.1;
        double extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageBetweenSamples / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetweenSamples / 2;
        result = result * (extrapolateTo / sampledInterval);
        return perSecond ? result / (matrix.range().toMillis() / 1000.0) : result;
    }

    private static double changes(RangeSeries series) {
        int changes = 0;
        double[] values = series.values();
        for (int i = 1; i < values.length; i++) {
            if (values[i] != values[i - 1] && !(Double.isNaN(values[i]) && Double.isNaN(values[i - 1]))) {
                changes++;
            }
        }
        return changes;
    }

    private static double resets(RangeSeries series) {
        int resets = 0;
        double[] values = series.values();
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[i - 1]) {
                resets++;
            }
        }
        return resets;
    }

    private static double fold(RangeSeries series, boolean max) {
        double result = series.values()[0];
        for (double value : series.values()) {
            if ((max ? value > result : value < result) || Double.isNaN(result)) {
                result = value;
            }
        }
        return result;
    }

    private static double sum(RangeSeries series) {
        double sum = 0;
        for (double value : series.values()) {
            sum += value;
        }
        return sum;
    }

    private static double average(RangeSeries series) {
        double mean = 0;
        double count = 0;
        for (double value : series.values()) {
            count++;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(value) && (mean > 0) == (value > 0)) {
                    continue;
                }
                if (!Double.isInfinite(value) && !Double.isNaN(value)) {
                    continue;
                }
            }
            mean += value / count - mean / count;
        }
        return mean;
    }

    /**
     * One sample of value 1 when the argument is empty, labelled with the selector's equality
     * matchers; a label with any other matcher, or two, is left out, as Prometheus does.
     */
    private static Value absent(boolean empty, Expr arg) {
        if (!empty) {
            return new Vector(List.of());
        }
        VectorSelector selector = arg instanceof MatrixSelector matrix ? matrix.selector()
                : arg instanceof VectorSelector vector ? vector : null;
        Map<String, String> labels = new TreeMap<>();
        if (selector != null) {
            Set<String> ambiguous = new HashSet<>();
            for (LabelMatcher matcher : selector.matchers()) {
                if (matcher.name().equals(Labels.METRIC_NAME)) {
                    continue;
                }
                if (matcher.type() == LabelMatcher.Type.EQUAL && !labels.containsKey(matcher.name())) {
                    labels.put(matcher.name(), matcher.value());
                } else {
                    ambiguous.add(matcher.name());
                }
            }
            labels.keySet().removeAll(ambiguous);
        }
        return new Vector(List.of(new VectorSample(Labels.of(labels), 1)));
    }

    private static double scalar(Evaluator evaluator, Expr expr, long time) {
        return ((Scalar) evaluator.eval(expr, time)).value();
    }

    private static Value map(List<VectorSample> input, DoubleUnaryOperator operator) {
        List<VectorSample> result = new ArrayList<>(input.size());
        for (VectorSample sample : input) {
            result.add(new VectorSample(sample.labels().withoutMetricName(), operator.applyAsDouble(sample.value())));
        }
        return new Vector(Evaluator.requireUniqueLabels(result));
    }
}
